package dev.mqtemplate.client.message;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;

/**
 * Zstandard frames (what RocketMQ's {@code ZstdCompressor} reads with {@code ZstdInputStream}) from a reused native
 * context at the configured level, as the official producer passes its compression level to zstd. The frame
 * carries the content size; readers need no more than the standard frame.
 */
final class ZstdCodec extends BodyCodec {

    /**
     * zstd-jni's contexts hold native memory and have no cleaner of their own: pooled codecs that are dropped with
     * their compressor free it through this one.
     */
    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "mqtemplate-zstd-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final ZstdCompressCtx context;

    private final Cleaner.Cleanable cleanable;

    ZstdCodec(int level) {
        ZstdCompressCtx created = new ZstdCompressCtx();
        created.setLevel(level);
        created.setChecksum(false);
        this.context = created;
        // the action holds the context, not this codec, so the codec can become unreachable
        this.cleanable = CLEANER.register(this, created::close);
    }

    @Override
    int outputLength(int length, int limit) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Zstd.compressBound(length));
    }

    @Override
    int compress(byte[] body, byte[] out, int limit) {
        try {
            int written = context.compressByteArray(out, 0, out.length, body, 0, body.length);
            return written > limit ? -1 : written;
        } catch (ZstdException e) {
            throw new IllegalStateException("zstd failed to compress " + body.length + " bytes: " + e.getMessage(), e);
        }
    }

    @Override
    void end() {
        cleanable.clean();
    }

    /**
     * The original of a zstd frame, streamed, since other producers' frames need not carry the content size.
     *
     * @throws IllegalArgumentException if {@code compressed} is not a valid zstd frame
     */
    static byte[] decompress(byte[] compressed) {
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a zstd frame: " + e.getMessage(), e);
        }
    }
}
