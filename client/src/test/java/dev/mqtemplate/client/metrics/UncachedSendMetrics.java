package dev.mqtemplate.client.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * MicrometerSendMetrics as it was before it cached its meters (a registry lookup per meter per event), kept as the
 * reference that the cached one must match meter for meter.
 */
class UncachedSendMetrics implements SendMetrics {

    private final MeterRegistry registry;

    UncachedSendMetrics(MeterRegistry registry) {
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
}
