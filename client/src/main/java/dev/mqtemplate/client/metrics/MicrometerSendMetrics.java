package dev.mqtemplate.client.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Records the client's events as Micrometer meters:
 * <ul>
 * <li>{@code mq.send} timer, tags {@code topic}, {@code broker}, {@code mode}, {@code status}, {@code exception};</li>
 * <li>{@code mq.compression.bodies} counter (tag {@code compressed}), {@code mq.compression.bytes.before} and
 * {@code .after} summaries, {@code mq.compression.ratio} summary and {@code mq.compression.time} timer, per topic;</li>
 * <li>{@code mq.send.backpressure.wait} timer (async sends that waited for room);</li>
 * <li>{@code mq.send.retries} counter and {@code mq.route.lookups} counter (tag {@code outcome});</li>
 * <li>gauges registered through {@link #gauge}: cached topics, open connections, in-flight async sends.</li>
 * </ul>
 */
public class MicrometerSendMetrics implements SendMetrics {

    private final MeterRegistry registry;

    public MicrometerSendMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void sendCompleted(String topic, String broker, SendMode mode, String status, Throwable error, long nanos) {
        Timer.builder("mq.send")
                .description("Time from a send call to its outcome")
                .tags(Tags.of("topic", topic, "broker", broker, "mode", mode.tag(), "status", status, "exception",
                        error == null ? "none" : error.getClass().getSimpleName()))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bodyPrepared(String topic, int originalBytes, int sentBytes, boolean compressed, long compressNanos) {
        Counter.builder("mq.compression.bodies").description("Message bodies, compressed or not")
                .tags("topic", topic, "compressed", Boolean.toString(compressed)).register(registry).increment();
        if (!compressed) {
            return;
        }
        DistributionSummary.builder("mq.compression.bytes.before").baseUnit("bytes")
                .description("Body size before compression").tag("topic", topic).register(registry)
                .record(originalBytes);
        DistributionSummary.builder("mq.compression.bytes.after").baseUnit("bytes")
                .description("Body size after compression").tag("topic", topic).register(registry).record(sentBytes);
        DistributionSummary.builder("mq.compression.ratio").description("Compressed size divided by original size")
                .tag("topic", topic).register(registry).record((double) sentBytes / originalBytes);
        Timer.builder("mq.compression.time").description("Time spent compressing bodies").tag("topic", topic)
                .register(registry).record(compressNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void retried(String topic) {
        Counter.builder("mq.send.retries").description("Send attempts after a failed one").tag("topic", topic)
                .register(registry).increment();
    }

    @Override
    public void backpressureWaited(String topic, long nanos) {
        Timer.builder("mq.send.backpressure.wait").description("Time async sends waited for room under the in-flight limits")
                .tag("topic", topic).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void routeLookup(String topic, String outcome) {
        Counter.builder("mq.route.lookups").description("Route requests to name servers").tag("outcome", outcome)
                .register(registry).increment();
    }

    /** Registers a gauge that reads a value from a live object (held weakly by Micrometer). */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    /** Registers a gauge whose value comes from a supplier. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry);
    }
}
