package dev.mqtemplate.client.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BodyCompressorTests {

    private final BodyCompressor compressor = new BodyCompressor();

    @Test
    void bodyBelowThresholdIsReturnedUntouched() {
        byte[] body = text(BodyCompressor.DEFAULT_THRESHOLD - 1);
        CompressionResult result = compressor.compressIfWorthIt(body);
        assertThat(result.compressed()).isFalse();
        assertThat(result.body()).isSameAs(body);
        assertThat(result.sysFlagBits()).isZero();
    }

    @Test
    void bodyAtThresholdIsCompressedAndInflatesBackExactly() {
        byte[] body = text(BodyCompressor.DEFAULT_THRESHOLD);
        CompressionResult result = compressor.compressIfWorthIt(body);
        assertThat(result.compressed()).isTrue();
        assertThat(result.body().length).isLessThan(body.length);
        assertThat(BodyCompressor.inflate(result.body())).isEqualTo(body);
        assertThat(result.sysFlagBits()).isEqualTo(0x301);
    }

    @Test
    void bodyAboveThresholdIsCompressedAndInflatesBackExactly() {
        byte[] body = text(1 << 20);
        CompressionResult result = compressor.compressIfWorthIt(body);
        assertThat(result.compressed()).isTrue();
        assertThat(BodyCompressor.inflate(result.body())).isEqualTo(body);
    }

    @Test
    void outputIsZlibWrappedNotRawDeflate() {
        byte[] compressed = compressor.compress(text(10_000));
        assertThat(compressed[0]).isEqualTo((byte) 0x78);
        // RFC 1950: CMF and FLG read as a big-endian int16 are a multiple of 31
        assertThat(((compressed[0] & 0xFF) << 8 | (compressed[1] & 0xFF)) % 31).isZero();
    }

    @Test
    void levelFiveOutputEqualsAFreshJdkDeflaterAndTheOfficialStreamStyle() throws IOException {
        byte[] body = text(50_000);
        // run twice so the second call uses a pooled, reset Deflater
        compressor.compress(body);
        byte[] ours = compressor.compress(body);

        assertThat(ours).isEqualTo(freshDeflate(body, 5));
        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(viaStream, new Deflater(5))) {
            out.write(body);
        }
        assertThat(ours).isEqualTo(viaStream.toByteArray());
    }

    @Test
    void reusedOutputBuffersNeverLeakBytesIntoTheNextBody() {
        // sizes go up and down across the kept-buffer limit, so a pooled buffer serves bodies of every size
        int[] sizes = {20_000, 8_000, 200_000, 5_000, 60_000, 70_000, 4_096, 30_000};
        for (int round = 0; round < 2; round++) {
            for (int size : sizes) {
                byte[] body = text(size);
                CompressionResult result = compressor.compressIfWorthIt(body);
                assertThat(result.body()).as("%d bytes", size).isEqualTo(freshDeflate(body, 5));
                assertThat(BodyCompressor.inflate(result.body())).isEqualTo(body);
            }
        }
    }

    @Test
    void levelAndThresholdAreConfigurable() {
        BodyCompressor best = new BodyCompressor(9, 100);
        byte[] body = text(100);
        CompressionResult result = best.compressIfWorthIt(body);
        assertThat(result.compressed()).isTrue();
        assertThat(result.body()).isEqualTo(freshDeflate(body, 9));
        assertThat(best.compressIfWorthIt(text(99)).compressed()).isFalse();
    }

    @Test
    void incompressibleBodyIsSentAsItIs() {
        byte[] body = new byte[8192];
        new Random(7).nextBytes(body);
        CompressionResult result = compressor.compressIfWorthIt(body);
        assertThat(result.compressed()).isFalse();
        assertThat(result.body()).isSameAs(body);
        // forced compression still works and round-trips, even though it grows
        byte[] forced = compressor.compress(body);
        assertThat(forced.length).isGreaterThan(body.length).isLessThanOrEqualTo(BodyCompressor.worstCaseLength(body.length));
        assertThat(BodyCompressor.inflate(forced)).isEqualTo(body);
    }

    @Test
    void emptyBodyCanBeCompressedByForce() {
        assertThat(BodyCompressor.inflate(compressor.compress(new byte[0]))).isEmpty();
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BodyCompressor(10, 4096));
        assertThatIllegalArgumentException().isThrownBy(() -> new BodyCompressor(-1, 4096));
        assertThatIllegalArgumentException().isThrownBy(() -> new BodyCompressor(5, -1));
    }

    @Test
    void inflateRefusesGarbage() {
        assertThatIllegalArgumentException().isThrownBy(() -> BodyCompressor.inflate(new byte[] { 1, 2, 3, 4 }));
        byte[] truncated = java.util.Arrays.copyOf(compressor.compress(text(5000)), 20);
        assertThatIllegalArgumentException().isThrownBy(() -> BodyCompressor.inflate(truncated));
    }

    @Test
    void concurrentUseGivesTheSameBytesAsSingleThreadedUse() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] body = text(4096 + i * 3001);
            bodies.add(body);
            expected.add(freshDeflate(body, 5));
        }
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                tasks.add(() -> {
                    for (int round = 0; round < 200; round++) {
                        int i = (round + offset) % bodies.size();
                        CompressionResult result = compressor.compressIfWorthIt(bodies.get(i));
                        if (!result.compressed() || !java.util.Arrays.equals(result.body(), expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> future : executor.invokeAll(tasks)) {
                assertThat(future.get()).isTrue();
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    private static byte[] freshDeflate(byte[] body, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1024];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        }
        finally {
            deflater.end();
        }
    }

    /** Compressible but not trivial: words from a small vocabulary in a seeded random order. */
    private static byte[] text(int length) {
        String[] words = { "order", "created", "paid", "shipped", "customer", "42", "Zürich", "rocket", "queue " };
        Random random = new Random(length);
        StringBuilder sb = new StringBuilder(length + 16);
        while (sb.length() < length) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(bytes, length);
    }
}
