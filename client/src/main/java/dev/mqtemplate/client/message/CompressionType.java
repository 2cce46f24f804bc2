package dev.mqtemplate.client.message;

/**
 * The body codecs a RocketMQ 5.x reader tells apart by the sysFlag bits 8 to 10 (see {@link MessageSysFlag}).
 *
 * <p>{@link #ZLIB} is the default: every reader inflates it, 4.x consumers before 4.9.4 included. The others need
 * their library on the producer's classpath (an optional dependency of the client, named by {@link #artifact()})
 * and a consumer of 4.9.4 or later (apache/rocketmq#4213 added both codecs).
 */
public enum CompressionType {

    /** LZ4 frame format; fastest, the lowest ratio. The level is ignored, as by the official producer. */
    LZ4(MessageSysFlag.COMPRESSION_LZ4, "at.yawk.lz4:lz4-java", "net.jpountz.lz4.LZ4Factory"),

    /** Zstandard frame; a better ratio than zlib at a higher speed. Uses the compression level, as the official one. */
    ZSTD(MessageSysFlag.COMPRESSION_ZSTD, "com.github.luben:zstd-jni", "com.github.luben.zstd.ZstdCompressCtx"),

    /** zlib (RFC 1950), the JDK's deflate: every reader inflates it. */
    ZLIB(MessageSysFlag.COMPRESSION_ZLIB, null, null);

    private final int sysFlagBits;

    private final String artifact;

    private final String probeClass;

    CompressionType(int sysFlagBits, String artifact, String probeClass) {
        this.sysFlagBits = sysFlagBits;
        this.artifact = artifact;
        this.probeClass = probeClass;
    }

    /** The compression-type bits of this codec, without {@link MessageSysFlag#COMPRESSED}. */
    public int sysFlagBits() {
        return sysFlagBits;
    }

    /** The {@code groupId:artifactId} of the library this codec needs, or {@code null} for the JDK's zlib. */
    public String artifact() {
        return artifact;
    }

    /**
     * A class of the codec's library, looked up by name to see whether the library is on the classpath; {@code null}
     * for zlib. Public so that ahead-of-time processing can keep the class reachable by that lookup.
     */
    public String probeClass() {
        return probeClass;
    }

    /**
     * The codec a compressed body's {@code sysFlag} names, as RocketMQ 5.3 readers decide: type 0 (a pre-4.9.4
     * producer that set only {@link MessageSysFlag#COMPRESSED}) and 3 are zlib, 1 is LZ4, 2 is zstd.
     *
     * @throws IllegalArgumentException for the types 4 to 7, which no reader knows
     */
    public static CompressionType fromSysFlag(int sysFlag) {
        return switch ((sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK) >>> 8) {
            case 0, 3 -> ZLIB;
            case 1 -> LZ4;
            case 2 -> ZSTD;
            default -> throw new IllegalArgumentException("unknown compression type in sysFlag 0x"
                    + Integer.toHexString(sysFlag));
        };
    }
}
