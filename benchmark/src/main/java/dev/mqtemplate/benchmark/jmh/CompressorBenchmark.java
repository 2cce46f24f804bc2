package dev.mqtemplate.benchmark.jmh;

import dev.mqtemplate.benchmark.harness.Bodies;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.CompressionResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** BodyCompressor at its defaults (zlib level 5) on the benchmark's 16 KiB text, which deflates about 3:1. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CompressorBenchmark {

    private BodyCompressor compressor;

    private byte[] text;

    @Setup
    public void setUp() {
        compressor = new BodyCompressor();
        text = Bodies.text(Bodies.TEXT);
    }

    @Benchmark
    public CompressionResult compress16KiBText() {
        return compressor.compressIfWorthIt(text);
    }
}
