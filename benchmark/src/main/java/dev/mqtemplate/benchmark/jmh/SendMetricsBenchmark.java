package dev.mqtemplate.benchmark.jmh;

import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.metrics.SendMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
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
 * What MicrometerSendMetrics costs a send once its meters exist: a plain successful send, a compressed one (the body's
 * compression figures, then the send), and a failed one, into a {@code SimpleMeterRegistry} and into the
 * {@code PrometheusMeterRegistry} a Boot app with Actuator and micrometer-registry-prometheus has (default
 * configuration). The topics rotate over a few names, as an application sending to several topics would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SendMetricsBenchmark {

    private static final String[] TOPICS = {"orders", "payments", "shipments", "invoices"};

    private final RuntimeException failure = new IllegalStateException("broker busy");

    /** The registry the meters go to. */
    @Param({"simple", "prometheus"})
    public String registry;

    private MicrometerSendMetrics metrics;

    private int next;

    @Setup
    public void setUp() {
        metrics = new MicrometerSendMetrics(registry.equals("prometheus")
                ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new SimpleMeterRegistry());
    }

    private String topic() {
        return TOPICS[next++ & (TOPICS.length - 1)];
    }

    @Benchmark
    public void syncSendOk() {
        metrics.sendCompleted(topic(), "broker-a", SendMode.SYNC, "SEND_OK", null, 1_250_000L);
    }

    @Benchmark
    public void asyncCompressedSendOk() {
        String topic = topic();
        metrics.bodyPrepared(topic, 16_384, 5_461, true, 180_000L);
        metrics.sendCompleted(topic, "broker-a", SendMode.ASYNC, "SEND_OK", null, 1_250_000L);
    }

    @Benchmark
    public void syncSendFailed() {
        metrics.sendCompleted(topic(), "broker-a", SendMode.SYNC, "ERROR", failure, 3_000_000L);
    }
}
