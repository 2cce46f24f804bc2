package dev.mqtemplate.benchmark.jmh;

import com.github.luben.zstd.ZstdOutputStream;
import dev.mqtemplate.benchmark.harness.Bodies;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.CompressionResult;
import dev.mqtemplate.client.message.CompressionType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BodyCompressor with each codec at the default level (5; LZ4 has none) on the benchmark's 16 KiB text, beside the
 * way the official 5.3.3 producer compresses the same body with the same library ({@code officialStyle}: a new
 * stream per body, as its {@code ZlibCompressor}, {@code Lz4Compressor} and {@code ZstdCompressor} do). The setup
 * prints each codec's compressed size and ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CompressorBenchmark {

    @Param({"ZLIB", "LZ4", "ZSTD"})
    public String type;

    private BodyCompressor compressor;

    private byte[] text;

    @Setup
    public void setUp() throws IOException {
        compressor = new BodyCompressor(CompressionType.valueOf(type), BodyCompressor.DEFAULT_LEVEL,
                BodyCompressor.DEFAULT_THRESHOLD);
        text = Bodies.text(Bodies.TEXT);
        int ours = compressor.compressIfWorthIt(text).body().length;
        int official = officialStyle().length;
        System.out.printf("%n%s on 16 KiB text: %d -> %d bytes, ratio %.2f:1 (official style: %d bytes)%n", type,
                text.length, ours, (double) text.length / ours, official);
    }

    @Benchmark
    public CompressionResult compress16KiBText() {
        return compressor.compressIfWorthIt(text);
    }

    @Benchmark
    public byte[] officialStyle() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length);
        Deflater deflater = type.equals("ZLIB") ? new Deflater(BodyCompressor.DEFAULT_LEVEL) : null;
        try (OutputStream out = switch (type) {
            case "LZ4" -> new LZ4FrameOutputStream(bytes);
            case "ZSTD" -> new ZstdOutputStream(bytes, BodyCompressor.DEFAULT_LEVEL);
            default -> new DeflaterOutputStream(bytes, deflater);
        }) {
            out.write(text);
        } finally {
            if (deflater != null) {
                deflater.end();
            }
        }
        return bytes.toByteArray();
    }
}
