package dev.mqtemplate.client.message;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib (RFC 1950: header, deflate data, Adler-32 trailer) with the JDK's {@link Deflater}: byte for byte what the
 * official producer's {@code DeflaterOutputStream} writes at the same level.
 */
final class ZlibCodec extends BodyCodec {

    private final Deflater deflater;

    ZlibCodec(int level) {
        this.deflater = new Deflater(level);
    }

    /** An upper bound of zlib's output for {@code length} input bytes, generous enough for stored blocks. */
    static int worstCaseLength(int length) {
        return length + length / 1000 + 64;
    }

    @Override
    int outputLength(int length, int limit) {
        // deflate stops at the end of the buffer, so an incompressible body costs no more than the limit
        return Math.min(limit, worstCaseLength(length));
    }

    @Override
    int compress(byte[] body, byte[] out, int limit) {
        deflater.setInput(body);
        deflater.finish();
        int capacity = Math.min(limit, out.length);
        int written = 0;
        while (!deflater.finished() && written < capacity) {
            written += deflater.deflate(out, written, capacity - written);
        }
        return deflater.finished() ? written : -1;
    }

    @Override
    void reset() {
        deflater.reset();
    }

    @Override
    void end() {
        deflater.end();
    }

    /**
     * Inflates a zlib stream.
     *
     * @throws IllegalArgumentException if {@code compressed} is not a complete zlib stream
     */
    static byte[] inflate(byte[] compressed) {
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
        } catch (DataFormatException ex) {
            throw new IllegalArgumentException("not a zlib stream: " + ex.getMessage(), ex);
        } finally {
            inflater.end();
        }
    }
}
