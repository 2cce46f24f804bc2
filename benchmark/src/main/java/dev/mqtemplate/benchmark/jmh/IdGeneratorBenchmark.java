package dev.mqtemplate.benchmark.jmh;

import dev.mqtemplate.client.message.MessageIdGenerator;
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

/** MessageIdGenerator.nextId: one UNIQ_KEY per send. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class IdGeneratorBenchmark {

    private MessageIdGenerator generator;

    @Setup
    public void setUp() {
        generator = new MessageIdGenerator();
    }

    @Benchmark
    public String nextId() {
        return generator.nextId();
    }
}
