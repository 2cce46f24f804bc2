package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkCase;
import dev.mqtemplate.benchmark.harness.RunResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Every round of one client on one case and target, combined: throughput and costs from the summed counters,
 * percentiles from the merged latency histograms.
 */
final class Measurement {

    final String target;

    final BenchmarkCase benchmarkCase;

    final ClientKind client;

    final List<RunResult> runs = new ArrayList<>();

    private final Histogram latencies = new Histogram(3);

    Measurement(String target, BenchmarkCase benchmarkCase, ClientKind client) {
        this.target = target;
        this.benchmarkCase = benchmarkCase;
        this.client = client;
    }

    void add(RunResult run) {
        runs.add(run);
        try {
            latencies.add(Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(run.histogram())), 0));
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("malformed histogram in a result of " + client.label(), e);
        }
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    long messages() {
        return runs.stream().mapToLong(RunResult::messages).sum();
    }

    double throughput() {
        double seconds = runs.stream().mapToDouble(RunResult::seconds).sum();
        return seconds == 0 ? 0 : messages() / seconds;
    }

    /** Throughput of each round. */
    List<Double> throughputByRound() {
        return runs.stream().map(r -> r.seconds() == 0 ? 0.0 : r.messages() / r.seconds()).toList();
    }

    /** (max - min) / mean of the rounds' throughput, in percent. */
    double spreadPercent() {
        List<Double> rounds = throughputByRound();
        double mean = rounds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean == 0) {
            return 0;
        }
        double max = rounds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = rounds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return 100 * (max - min) / mean;
    }

    /** Latency percentile in microseconds (a batch's latency is that of the whole batch). */
    double percentileMicros(double percentile) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Client process CPU seconds per 100,000 messages. */
    double cpuSecondsPer100k() {
        long messages = messages();
        return messages == 0 ? 0 : runs.stream().mapToLong(RunResult::cpuNanos).sum() / 1e9 * 100_000 / messages;
    }

    double bytesPerMessage() {
        long messages = messages();
        return messages == 0 ? 0 : (double) runs.stream().mapToLong(RunResult::allocatedBytes).sum() / messages;
    }

    /** Mean GC count per measured phase. */
    double gcPerRun() {
        return runs.stream().mapToLong(RunResult::gcCount).average().orElse(0);
    }

    long errors() {
        return runs.stream().mapToLong(RunResult::errors).sum();
    }
}
