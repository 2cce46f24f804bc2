package dev.mqtemplate.client.message;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Decides whether a message body is worth compressing and compresses it with zlib (RFC 1950: header, deflate data,
 * Adler-32 trailer), the format every RocketMQ reader inflates.
 *
 * <p>Thread-safe and meant to be shared. {@link Deflater}s are expensive to create (native state of a few hundred
 * kilobytes), so a small lock-free pool keeps them for reuse; a pool rather than a {@link ThreadLocal} because
 * senders may be virtual threads, which would each get their own. Deflaters that do not fit in the pool are
 * {@linkplain Deflater#end() ended} at once; the pooled ones are released by the JDK's cleaner with this object.
 */
public final class BodyCompressor {

    /** Compression level of the official producer. */
    public static final int DEFAULT_LEVEL = 5;

    /** Bodies of at least this many bytes are compressed, as by the official producer. */
    public static final int DEFAULT_THRESHOLD = 4096;

    private static final int POOL_SIZE = Math.max(2, Math.min(64, 2 * Runtime.getRuntime().availableProcessors()));

    private final int level;

    private final int threshold;

    /** Largest output buffer a pooled deflater keeps between uses; bigger bodies get a buffer of their own. */
    private static final int MAX_KEPT_OUTPUT = 64 * 1024;

    private final AtomicReferenceArray<PooledDeflater> pool = new AtomicReferenceArray<>(POOL_SIZE);

    /** A compressor with {@link #DEFAULT_LEVEL} and {@link #DEFAULT_THRESHOLD}. */
    public BodyCompressor() {
        this(DEFAULT_LEVEL, DEFAULT_THRESHOLD);
    }

    /**
     * @param level zlib level, 0 (store) to 9 (smallest)
     * @param threshold bodies of at least this many bytes are compressed; 0 compresses every body
     */
    public BodyCompressor(int level, int threshold) {
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("compression level must be 0..9, was " + level);
        }
        if (threshold < 0) {
            throw new IllegalArgumentException("compression threshold must be >= 0, was " + threshold);
        }
        this.level = level;
        this.threshold = threshold;
    }

    public int level() {
        return level;
    }

    public int threshold() {
        return threshold;
    }

    /** Whether a body of {@code length} bytes reaches the threshold. */
    public boolean reachesThreshold(int length) {
        return length >= threshold;
    }

    /**
     * Compresses {@code body} when it reaches the threshold and compression makes it smaller.
     *
     * <p>Unlike the official client, a body that deflate does not shrink (already compressed media, random bytes) is
     * sent as it is: the flag tells readers either way, and the smaller frame wins.
     *
     * @return the compressed body, or {@code body} itself (not copied) with {@code compressed == false}
     */
    public CompressionResult compressIfWorthIt(byte[] body) {
        if (!reachesThreshold(body.length)) {
            return new CompressionResult(body, false);
        }
        // Output that needs as many bytes as the input is not worth sending, so the input length is the limit.
        byte[] compressed = deflate(body, body.length);
        return compressed != null ? new CompressionResult(compressed, true) : new CompressionResult(body, false);
    }

    /** Compresses {@code body} unconditionally, ignoring the threshold. */
    public byte[] compress(byte[] body) {
        return deflate(body, worstCaseLength(body.length));
    }

    /**
     * Inflates a zlib stream: for tests and diagnostics, not for the send path.
     *
     * @throws IllegalArgumentException if {@code compressed} is not a complete zlib stream
     */
    public static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, compressed.length * 4));
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated zlib stream");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
        catch (DataFormatException ex) {
            throw new IllegalArgumentException("not a zlib stream: " + ex.getMessage(), ex);
        }
        finally {
            inflater.end();
        }
    }

    /** An upper bound of zlib's output for {@code length} input bytes, generous enough for stored blocks. */
    static int worstCaseLength(int length) {
        return length + length / 1000 + 64;
    }

    /**
     * Deflates into a buffer of {@code limit} bytes, then copies exactly the output; null if it does not fit. The
     * buffer is the pooled deflater's own, so a send allocates only the copy: for a 16 KiB body that compresses 3:1,
     * a third of what a fresh buffer per body would cost.
     */
    private byte[] deflate(byte[] body, int limit) {
        PooledDeflater pooled = borrow();
        boolean reusable = true;
        try {
            Deflater deflater = pooled.deflater;
            deflater.setInput(body);
            deflater.finish();
            byte[] out = pooled.output(limit);
            int written = 0;
            while (!deflater.finished() && written < limit) {
                written += deflater.deflate(out, written, limit - written);
            }
            if (!deflater.finished()) {
                return null;
            }
            return Arrays.copyOf(out, written);
        }
        catch (RuntimeException ex) {
            reusable = false;
            throw ex;
        }
        finally {
            giveBack(pooled, reusable);
        }
    }

    private PooledDeflater borrow() {
        int start = slotFor(Thread.currentThread());
        for (int i = 0; i < POOL_SIZE; i++) {
            PooledDeflater pooled = pool.getAndSet((start + i) % POOL_SIZE, null);
            if (pooled != null) {
                return pooled;
            }
        }
        return new PooledDeflater(new Deflater(level));
    }

    private void giveBack(PooledDeflater pooled, boolean reusable) {
        if (reusable) {
            pooled.deflater.reset();
            int start = slotFor(Thread.currentThread());
            for (int i = 0; i < POOL_SIZE; i++) {
                if (pool.compareAndSet((start + i) % POOL_SIZE, null, pooled)) {
                    return;
                }
            }
        }
        pooled.deflater.end();
    }

    // Threads start looking at different slots so that concurrent senders rarely contend for the same one.
    private static int slotFor(Thread thread) {
        return (int) ((thread.getId() * 0x9E3779B9L >>> 16) % POOL_SIZE);
    }

    /** A deflater and the output buffer it reuses; used by one thread at a time, between borrow and give-back. */
    private static final class PooledDeflater {

        final Deflater deflater;

        private byte[] kept = new byte[0];

        PooledDeflater(Deflater deflater) {
            this.deflater = deflater;
        }

        /** A buffer of at least {@code length} bytes; kept for next time unless it is over the size worth keeping. */
        byte[] output(int length) {
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
}
