package dev.mqtemplate.benchmark.harness;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * The message bodies of the cases, identical in every JVM (fixed seeds): 1 KiB of random bytes (incompressible, and
 * below both clients' 4 KiB compression threshold) and 16 KiB of log-like text that zlib level 5 shrinks about 3:1.
 */
public final class Bodies {

    /** Size of the small body. */
    public static final int SMALL = 1024;

    /** Size of the compressible body. */
    public static final int TEXT = 16 * 1024;

    private static final String[] WORDS = {"order", "created", "customer", "payment", "accepted", "shipment",
        "warehouse", "status", "pending", "delivered", "amount", "currency", "EUR", "USD", "item", "quantity",
        "price", "discount", "address", "street", "city", "country", "timestamp", "session", "request", "trace",
        "span", "user", "agent", "mobile", "desktop", "region", "north", "south", "retry", "latency", "ok", "error"};

    private Bodies() {
    }

    /** The body of a case; a fresh array per call. */
    public static byte[] of(BenchmarkCase.Body body) {
        return switch (body) {
            case RANDOM_1K -> random(SMALL);
            case TEXT_16K -> text(TEXT);
        };
    }

    /** Random bytes from a fixed seed. */
    public static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /**
     * Log-like lines: words from a small vocabulary, with random numbers and hex ids mixed in so that zlib gets about
     * 3:1 rather than the 10:1 of pure repetition.
     */
    public static byte[] text(int size) {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder(size + 128);
        while (text.length() < size) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append('=');
            switch (random.nextInt(5)) {
                case 0 -> text.append(random.nextInt(100_000));
                case 1 -> text.append(Long.toHexString(random.nextLong() & 0xFFFFFFFFL));
                default -> text.append(WORDS[random.nextInt(WORDS.length)]);
            }
            text.append(random.nextInt(6) == 0 ? '\n' : ' ');
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Original size divided by the zlib size at the given level. */
    public static double zlibRatio(byte[] body, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(body);
            deflater.finish();
            byte[] out = new byte[body.length + 64];
            int length = 0;
            while (!deflater.finished()) {
                length += deflater.deflate(out, 0, out.length);
            }
            return (double) body.length / length;
        } finally {
            deflater.end();
        }
    }

    public static void main(String[] args) {
        System.out.printf("16 KiB text: zlib level 5 ratio %.2f:1%n", zlibRatio(text(TEXT), 5));
    }
}
