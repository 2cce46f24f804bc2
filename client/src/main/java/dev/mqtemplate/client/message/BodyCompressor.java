package dev.mqtemplate.client.message;

import dev.mqtemplate.client.error.MQCompressionUnavailableException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decides whether a message body is worth compressing and compresses it with the configured {@link CompressionType}:
 * zlib by default (RFC 1950, the format every RocketMQ reader inflates), LZ4 or zstd for 4.9.4+ readers.
 *
 * <p>Thread-safe and meant to be shared. Codecs are expensive to create (a deflater's or zstd context's native state
 * is a few hundred kilobytes), so a small lock-free pool keeps them, each with its output buffer, for reuse; a pool
 * rather than a {@link ThreadLocal} because senders may be virtual threads, which would each get their own. Codecs
 * that do not fit in the pool are ended at once, the pooled ones by {@link #close()}; a compressor that is dropped
 * without a close still has them freed (deflaters by the JDK's cleaner, zstd contexts when the next is made).
 */
public final class BodyCompressor implements AutoCloseable {

    /** Compression level of the official producer. */
    public static final int DEFAULT_LEVEL = 5;

    /** Bodies of at least this many bytes are compressed, as by the official producer. */
    public static final int DEFAULT_THRESHOLD = 4096;

    private static final int POOL_SIZE = Math.max(2, Math.min(64, 2 * Runtime.getRuntime().availableProcessors()));

    private final CompressionType type;

    private final int level;

    private final int threshold;

    private final AtomicReferenceArray<BodyCodec> pool = new AtomicReferenceArray<>(POOL_SIZE);

    private volatile boolean closed;

    /** A zlib compressor with {@link #DEFAULT_LEVEL} and {@link #DEFAULT_THRESHOLD}. */
    public BodyCompressor() {
        this(DEFAULT_LEVEL, DEFAULT_THRESHOLD);
    }

    /**
     * A zlib compressor.
     *
     * @param level zlib level, 0 (store) to 9 (smallest)
     * @param threshold bodies of at least this many bytes are compressed; 0 compresses every body
     */
    public BodyCompressor(int level, int threshold) {
        this(CompressionType.ZLIB, level, threshold);
    }

    /**
     * @param type the codec
     * @param level zlib level 0 to 9, zstd level 0 (zstd's default) to 22; LZ4 has none and ignores it
     * @param threshold bodies of at least this many bytes are compressed; 0 compresses every body
     * @throws MQCompressionUnavailableException if the codec's library is not on the classpath
     */
    public BodyCompressor(CompressionType type, int level, int threshold) {
        if (type == null) {
            throw new IllegalArgumentException("compression type must not be null");
        }
        checkLevel(type, level);
        if (threshold < 0) {
            throw new IllegalArgumentException("compression threshold must be >= 0, was " + threshold);
        }
        this.type = type;
        this.level = level;
        this.threshold = threshold;
        // a missing library fails here, when the template is built, and the first codec is ready for the first send
        giveBack(BodyCodec.create(type, level), true);
    }

    /**
     * Refuses a level the codec does not have: zlib's are 0 to 9, zstd's 0 (its default, 3) to 22; LZ4 has no
     * level, so any zlib level is accepted for it.
     */
    public static void checkLevel(CompressionType type, int level) {
        int max = type == CompressionType.ZSTD ? 22 : 9;
        if (level < 0 || level > max) {
            throw new IllegalArgumentException("compression level must be 0.." + max + " for " + type + ", was "
                    + level);
        }
    }

    public CompressionType type() {
        return type;
    }

    public int level() {
        return level;
    }

    public int threshold() {
        return threshold;
    }

    /** The sysFlag bits of a body this compressor compressed: {@link MessageSysFlag#COMPRESSED} and the type. */
    public int sysFlagBits() {
        return MessageSysFlag.COMPRESSED | type.sysFlagBits();
    }

    /** Whether a body of {@code length} bytes reaches the threshold. */
    public boolean reachesThreshold(int length) {
        return length >= threshold;
    }

    /**
     * Compresses {@code body} when it reaches the threshold and compression makes it smaller.
     *
     * <p>Unlike the official client, a body that the codec does not shrink (already compressed media, random bytes)
     * is sent as it is: the flag tells readers either way, and the smaller frame wins.
     *
     * @return the compressed body, or {@code body} itself (not copied) with {@code compressed == false}
     */
    public CompressionResult compressIfWorthIt(byte[] body) {
        if (!reachesThreshold(body.length)) {
            return new CompressionResult(body, 0);
        }
        // Output that needs as many bytes as the input is not worth sending, so the input length is the limit.
        byte[] compressed = compress(body, body.length);
        return compressed != null ? new CompressionResult(compressed, sysFlagBits()) : new CompressionResult(body, 0);
    }

    /** Compresses {@code body} unconditionally, ignoring the threshold. */
    public byte[] compress(byte[] body) {
        return compress(body, Integer.MAX_VALUE);
    }

    /**
     * Inflates a zlib stream: for tests and diagnostics, not for the send path.
     *
     * @throws IllegalArgumentException if {@code compressed} is not a complete zlib stream
     */
    public static byte[] inflate(byte[] compressed) {
        return ZlibCodec.inflate(compressed);
    }

    /**
     * The original of a body stored with {@code sysFlag}, by the codec its compression-type bits name (type 0 is
     * zlib, as for every RocketMQ reader); for bodies a broker hands back, not for the send path.
     *
     * @throws IllegalArgumentException if the body is not a valid stream of that codec, or the type is unknown
     * @throws MQCompressionUnavailableException if that codec's library is not on the classpath
     */
    public static byte[] decompress(byte[] compressed, int sysFlag) {
        return BodyCodec.decompress(compressed, sysFlag);
    }

    /** An upper bound of zlib's output for {@code length} input bytes, generous enough for stored blocks. */
    static int worstCaseLength(int length) {
        return ZlibCodec.worstCaseLength(length);
    }

    /**
     * Compresses into the pooled codec's buffer, then copies exactly the output; null if it takes more than
     * {@code limit} bytes. A send allocates only the copy: for a 16 KiB body that compresses 3:1, a third of what a
     * fresh buffer per body would cost.
     */
    private byte[] compress(byte[] body, int limit) {
        BodyCodec codec = borrow();
        boolean reusable = true;
        try {
            byte[] out = codec.output(codec.outputLength(body.length, limit));
            int written = codec.compress(body, out, limit);
            return written < 0 ? null : Arrays.copyOf(out, written);
        } catch (RuntimeException ex) {
            reusable = false;
            throw ex;
        } finally {
            giveBack(codec, reusable);
        }
    }

    private BodyCodec borrow() {
        int start = slotFor(Thread.currentThread());
        for (int i = 0; i < POOL_SIZE; i++) {
            BodyCodec codec = pool.getAndSet((start + i) % POOL_SIZE, null);
            if (codec != null) {
                return codec;
            }
        }
        return BodyCodec.create(type, level);
    }

    private void giveBack(BodyCodec codec, boolean reusable) {
        if (reusable && !closed) {
            codec.reset();
            int start = slotFor(Thread.currentThread());
            for (int i = 0; i < POOL_SIZE; i++) {
                if (pool.compareAndSet((start + i) % POOL_SIZE, null, codec)) {
                    if (closed) {
                        // the close may have emptied the pool before this codec went in: empty it again
                        endPooled();
                    }
                    return;
                }
            }
        }
        codec.end();
    }

    /**
     * Ends the pooled codecs, freeing their native memory now rather than when the garbage collector finds them.
     * Bodies compressed afterwards (sends still finishing) get a codec of their own, ended after use.
     */
    @Override
    public void close() {
        closed = true;
        endPooled();
    }

    private void endPooled() {
        for (int i = 0; i < POOL_SIZE; i++) {
            BodyCodec codec = pool.getAndSet(i, null);
            if (codec != null) {
                codec.end();
            }
        }
    }

    // Threads start looking at different slots so that concurrent senders rarely contend for the same one.
    private static int slotFor(Thread thread) {
        return (int) ((thread.getId() * 0x9E3779B9L >>> 16) % POOL_SIZE);
    }
}
