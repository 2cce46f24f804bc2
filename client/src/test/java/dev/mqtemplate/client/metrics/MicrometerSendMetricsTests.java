package dev.mqtemplate.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.SendStatus;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class MicrometerSendMetricsTests {

    private static final RuntimeException NOT_SENT = new MQNotSentException("no route");

    private static final RuntimeException UNKNOWN = new MQOutcomeUnknownException("timed out", "id", "127.0.0.1:10911",
            null);

    /** Sends of every kind the client reports, and the other events, with distinct values. */
    private static void traffic(SendMetrics metrics) {
        for (String topic : List.of("orders", "payments")) {
            metrics.bodyPrepared(topic, 100, 100, false, 0);
            metrics.sendCompleted(topic, "broker-a", SendMode.SYNC, "SEND_OK", null, 1_000_000);
            metrics.bodyPrepared(topic, 16_384, 5_000, true, 150_000);
            metrics.sendCompleted(topic, "broker-a", SendMode.ASYNC, "SEND_OK", null, 2_000_000);
            metrics.bodyPrepared(topic, 8_192, 4_000, true, 90_000);
            metrics.sendCompleted(topic, "broker-b", SendMode.SYNC, "FLUSH_DISK_TIMEOUT", null, 3_000_000);
            metrics.sendCompleted(topic, "broker-b", SendMode.ASYNC, "SLAVE_NOT_AVAILABLE", null, 3_500_000);
            metrics.sendCompleted(topic, "broker-a", SendMode.ONEWAY, "WRITTEN", null, 400_000);
            metrics.sendCompleted(topic, "none", SendMode.SYNC, "ERROR", NOT_SENT, 50_000);
            metrics.sendCompleted(topic, "none", SendMode.ASYNC, "ERROR", NOT_SENT, 60_000);
            metrics.sendCompleted(topic, "broker-a", SendMode.ONEWAY, "ERROR", UNKNOWN, 5_000_000);
            metrics.sendCompleted(topic, "broker-a", SendMode.SYNC, "ERROR", UNKNOWN, 4_000_000);
            metrics.sendCompleted(topic, "broker-a", SendMode.SYNC, "ERROR", new IllegalStateException(), 70_000);
            metrics.sendCompleted(topic, "broker-a", SendMode.SYNC, "SOMETHING_NEW", null, 80_000);
            metrics.retried(topic);
            metrics.backpressureWaited(topic, 2_500_000);
        }
        metrics.routeLookup("orders", "success");
        metrics.routeLookup("payments", "not_found");
        metrics.routeLookup("payments", "error");
    }

    @Test
    void cachedMetersRecordTheSameNamesTagsDescriptionsAndValuesAsLookingThemUpEachTime() {
        MeterRegistry expected = registry();
        MeterRegistry actual = registry();
        SendMetrics uncached = new UncachedSendMetrics(expected);
        SendMetrics cached = new MicrometerSendMetrics(actual);
        for (int round = 0; round < 3; round++) {
            traffic(uncached);
            traffic(cached);
        }

        assertThat(snapshot(actual)).hasSizeGreaterThan(40).containsExactlyElementsOf(snapshot(expected));
    }

    @Test
    void topicsBeyondTheLimitAreRecordedUnderOther() {
        MeterRegistry registry = registry();
        MicrometerSendMetrics metrics = new MicrometerSendMetrics(registry, 10);
        Consumer<String> send = topic -> {
            metrics.bodyPrepared(topic, 16_384, 5_000, true, 150_000);
            metrics.sendCompleted(topic, "broker-a", SendMode.SYNC, "SEND_OK", null, 1_000_000);
            metrics.retried(topic);
        };
        for (int i = 0; i < 10 + 500; i++) {
            send.accept("topic-" + i);
        }
        send.accept("topic-0");

        // per topic: mq.send, mq.compression.bodies and its four figures, mq.send.retries
        assertThat(registry.getMeters()).hasSize(11 * 7);
        assertThat(topicTags(registry, "mq.send")).hasSize(11).contains("other", "topic-0", "topic-9")
                .doesNotContain("topic-10");
        assertThat(registry.get("mq.send").tag("topic", "other").timer().count()).isEqualTo(500);
        assertThat(registry.get("mq.send").tag("topic", "topic-0").timer().count()).isEqualTo(2);
        assertThat(registry.get("mq.compression.bytes.before").tag("topic", "other").summary().count())
                .isEqualTo(500);
        assertThat(registry.get("mq.send.retries").tag("topic", "other").counter().count()).isEqualTo(500);
    }

    @Test
    void aLimitOfZeroTagsEveryTopicOther() {
        MeterRegistry registry = registry();
        MicrometerSendMetrics metrics = new MicrometerSendMetrics(registry, 0);
        metrics.sendCompleted("orders", "broker-a", SendMode.SYNC, "SEND_OK", null, 1_000_000);
        metrics.backpressureWaited("payments", 1_000_000);

        assertThat(topicTags(registry, "mq.send")).containsExactly("other");
        assertThat(topicTags(registry, "mq.send.backpressure.wait")).containsExactly("other");
    }

    @Test
    void threadsRacingOnNewTopicsNeverTagMoreThanTheLimitAndLoseNoSend() throws InterruptedException {
        MeterRegistry registry = registry();
        MicrometerSendMetrics metrics = new MicrometerSendMetrics(registry, 50);
        int threads = 4;
        int topics = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < topics; i++) {
                    metrics.sendCompleted("topic-" + i, "broker-a", SendMode.ASYNC, "SEND_OK", null, 1_000);
                }
            });
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join();
        }

        assertThat(topicTags(registry, "mq.send")).hasSize(51).contains("other");
        long recorded = registry.get("mq.send").timers().stream().mapToLong(Timer::count).sum();
        assertThat(recorded).isEqualTo((long) threads * topics);
    }

    @Test
    void everyStatusTheClientReportsIsCached() {
        for (SendStatus status : SendStatus.values()) {
            assertThat(MicrometerSendMetrics.Status.of(status.name())).as(status.name()).isNotNull()
                    .extracting(Enum::name).isEqualTo(status.name());
        }
        assertThat(MicrometerSendMetrics.Status.of("WRITTEN")).isEqualTo(MicrometerSendMetrics.Status.WRITTEN);
        assertThat(MicrometerSendMetrics.Status.of("ERROR")).isEqualTo(MicrometerSendMetrics.Status.ERROR);
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> new MicrometerSendMetrics(registry(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTopicTags");
    }

    @Test
    void repliesAreTimedPerTopicAndOutcomeAndDroppedOnesCountedByReason() {
        MeterRegistry registry = registry();
        MicrometerSendMetrics metrics = new MicrometerSendMetrics(registry, 1);

        metrics.replyCompleted("orders", "received", 2_000_000);
        metrics.replyCompleted("orders", "received", 4_000_000);
        metrics.replyCompleted("orders", "timeout", 3_000_000_000L);
        metrics.replyCompleted("payments", "closed", 1_000_000); // beyond the topic limit
        metrics.replyCompleted("orders", "something_new", 1_000);
        metrics.replyDropped("late");
        metrics.replyDropped("late");
        metrics.replyDropped("unmatched");

        Timer received = registry.get("mq.reply").tags("topic", "orders", "outcome", "received").timer();
        assertThat(received.count()).isEqualTo(2);
        assertThat(received.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(6.0);
        assertThat(received.getId().getDescription())
                .isEqualTo("Time from a request-reply call to its reply or failure");
        assertThat(registry.get("mq.reply").tags("topic", "orders", "outcome", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.get("mq.reply").tags("topic", "other", "outcome", "closed").timer().count()).isEqualTo(1);
        assertThat(registry.get("mq.reply").tags("topic", "orders", "outcome", "something_new").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("mq.reply.dropped").tags("reason", "late").counter().count()).isEqualTo(2);
        assertThat(registry.get("mq.reply.dropped").tags("reason", "unmatched").counter().count()).isEqualTo(1);
    }

    private static MeterRegistry registry() {
        return new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    }

    private static Set<String> topicTags(MeterRegistry registry, String name) {
        return registry.find(name).meters().stream().map(meter -> meter.getId().getTag("topic"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every meter as one line: type, name, tags, description, unit and measurements, sorted. */
    private static List<String> snapshot(MeterRegistry registry) {
        return registry.getMeters().stream().map(MicrometerSendMetricsTests::describe).sorted().toList();
    }

    private static String describe(Meter meter) {
        Meter.Id id = meter.getId();
        String measurements = StreamSupport.stream(meter.measure().spliterator(), false)
                .map(measurement -> measurement.getStatistic() + "=" + measurement.getValue())
                .collect(Collectors.joining(", "));
        return id.getType() + " " + id.getName() + " " + id.getTags() + " '" + id.getDescription() + "' "
                + id.getBaseUnit() + " [" + measurements + "]";
    }
}
