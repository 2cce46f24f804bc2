package dev.mqtemplate.client.message;

/**
 * The bits of the {@code sysFlag} send header field that a producer sets or must recognise.
 *
 * <p>Compression type lives in bits 8 to 10 and only means something together with {@link #COMPRESSED}; a type of 0
 * is read as zlib by brokers and consumers, which is why old clients that set only {@link #COMPRESSED} still work.
 */
public final class MessageSysFlag {

    /** The body is compressed; bits 8 to 10 say how. */
    public static final int COMPRESSED = 0x1;

    /** Set by the broker for multi-tag topics; never sent by a producer. */
    public static final int MULTI_TAGS = 0x2;

    /** A transactional half message (sent with property {@code TRAN_MSG=true}). */
    public static final int TRANSACTION_PREPARED = 0x4;

    /** Used as the commit value of END_TRANSACTION, not in a send. */
    public static final int TRANSACTION_COMMIT = 0x8;

    /** Used as the rollback value of END_TRANSACTION, not in a send. */
    public static final int TRANSACTION_ROLLBACK = 0xC;

    /** Mask of the two transaction-type bits. */
    public static final int TRANSACTION_TYPE_MASK = 0xC;

    /** Compression type LZ4 frame (4.9.4+ readers only). */
    public static final int COMPRESSION_LZ4 = 0x100;

    /** Compression type zstd (4.9.4+ readers only). */
    public static final int COMPRESSION_ZSTD = 0x200;

    /** Compression type zlib: the one every reader understands. */
    public static final int COMPRESSION_ZLIB = 0x300;

    /** Mask of the compression-type bits. */
    public static final int COMPRESSION_TYPE_MASK = 0x700;

    private MessageSysFlag() {
    }

    /** Whether {@code sysFlag} marks a compressed body. */
    public static boolean isCompressed(int sysFlag) {
        return (sysFlag & COMPRESSED) != 0;
    }

    /** Whether {@code sysFlag} marks a transactional half message. */
    public static boolean isTransactionPrepared(int sysFlag) {
        return (sysFlag & TRANSACTION_TYPE_MASK) == TRANSACTION_PREPARED;
    }
}
