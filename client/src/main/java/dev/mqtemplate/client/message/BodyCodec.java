package dev.mqtemplate.client.message;

import dev.mqtemplate.client.error.MQCompressionUnavailableException;

/**
 * One codec's compressor and the output buffer it reuses: used by one thread at a time, between a
 * {@link BodyCompressor}'s borrow and give-back. A codec per {@link CompressionType}; only the one configured is ever
 * loaded, so the libraries of the others may be missing.
 */
abstract class BodyCodec {

    /** Largest output buffer kept between uses; bigger bodies get a buffer of their own. */
    private static final int MAX_KEPT_OUTPUT = 64 * 1024;

    private byte[] kept = new byte[0];

    /**
     * A codec of {@code type} at {@code level} (zlib and zstd use it, LZ4 has none).
     *
     * @throws MQCompressionUnavailableException if the codec's library is not on the classpath
     */
    static BodyCodec create(CompressionType type, int level) {
        requireLibrary(type);
        return switch (type) {
            case ZLIB -> new ZlibCodec(level);
            case LZ4 -> new Lz4Codec();
            case ZSTD -> new ZstdCodec(level);
        };
    }

    /**
     * Checks that the library of {@code type} can be loaded, so that choosing a codec without its library fails when
     * the template is built, not at the first large body.
     *
     * @throws MQCompressionUnavailableException naming the artifact to add
     */
    static void requireLibrary(CompressionType type) {
        if (type.probeClass() == null) {
            return;
        }
        try {
            Class.forName(type.probeClass(), false, BodyCodec.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new MQCompressionUnavailableException(type.name(), type.artifact(), e);
        }
    }

    /**
     * The original of a body stored with {@code sysFlag}, by the codec its type bits name.
     *
     * @throws IllegalArgumentException if the body is not a valid stream of that codec, or the type is unknown
     * @throws MQCompressionUnavailableException if the codec's library is not on the classpath
     */
    static byte[] decompress(byte[] body, int sysFlag) {
        CompressionType type = CompressionType.fromSysFlag(sysFlag);
        requireLibrary(type);
        return switch (type) {
            case ZLIB -> ZlibCodec.inflate(body);
            case LZ4 -> Lz4Codec.decompress(body);
            case ZSTD -> ZstdCodec.decompress(body);
        };
    }

    /** How many bytes of output {@link #compress} may need for a body of {@code length}, stopping at {@code limit}. */
    abstract int outputLength(int length, int limit);

    /**
     * Compresses {@code body} into {@code out} (at least {@link #outputLength} bytes).
     *
     * @return the bytes written, or -1 if the compressed body takes more than {@code limit} bytes
     */
    abstract int compress(byte[] body, byte[] out, int limit);

    /** Makes the codec ready for the next body. */
    void reset() {
    }

    /** Frees what the codec holds outside the heap; it is not used again. */
    void end() {
    }

    /** A buffer of at least {@code length} bytes; kept for next time unless it is over the size worth keeping. */
    final byte[] output(int length) {
        if (kept.length >= length) {
            return kept;
        }
        byte[] buffer = new byte[length];
        if (length <= MAX_KEPT_OUTPUT) {
            kept = buffer;
        }
        return buffer;
    }
}
