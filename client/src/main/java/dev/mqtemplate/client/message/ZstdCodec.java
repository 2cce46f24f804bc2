package dev.mqtemplate.client.message;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zstandard frames (what RocketMQ's {@code ZstdCompressor} reads with {@code ZstdInputStream}) from a reused native
 * context at the configured level, as the official producer passes its compression level to zstd. The frame
 * carries the content size; readers need no more than the standard frame.
 */
final class ZstdCodec extends BodyCodec {

    /**
     * zlib's deflaters free their native memory through the JDK's cleaner; zstd-jni's contexts have nothing of the
     * kind. A codec is ended when its compressor closes (the template's close) or drops it from a full pool; the
     * contexts of codecs dropped without that (a compressor that was never closed) are freed when the next zstd
     * codec is made, from this queue: no thread of its own.
     */
    private static final ReferenceQueue<ZstdCodec> DROPPED = new ReferenceQueue<>();

    /** The references of live contexts, kept reachable until their context is closed. */
    private static final Set<ContextReference> LIVE = ConcurrentHashMap.newKeySet();

    private final ZstdCompressCtx context;

    private final ContextReference reference;

    ZstdCodec(int level) {
        freeDropped();
        ZstdCompressCtx created = new ZstdCompressCtx();
        created.setLevel(level);
        created.setChecksum(false);
        this.context = created;
        this.reference = new ContextReference(this, created);
        LIVE.add(reference);
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
        reference.free();
    }

    /** Number of zstd contexts not yet freed: for tests. */
    static int liveContexts() {
        return LIVE.size();
    }

    private static void freeDropped() {
        for (Reference<?> dropped = DROPPED.poll(); dropped != null; dropped = DROPPED.poll()) {
            ((ContextReference) dropped).free();
        }
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

    /** A codec's context, reachable from here after the codec is gone, so that it can still be closed. */
    private static final class ContextReference extends PhantomReference<ZstdCodec> {

        private final ZstdCompressCtx context;

        ContextReference(ZstdCodec codec, ZstdCompressCtx context) {
            super(codec, DROPPED);
            this.context = context;
        }

        /** Closes the context once, whoever asks first: its codec's end or the dropped queue. */
        void free() {
            if (LIVE.remove(this)) {
                context.close();
            }
        }
    }
}
