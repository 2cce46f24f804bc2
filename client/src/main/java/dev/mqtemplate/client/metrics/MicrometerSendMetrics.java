package dev.mqtemplate.client.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * <li>{@code mq.transactions} counter (tags {@code decision}, {@code end}) and {@code mq.transaction.checks} counter
 * (tag {@code answer});</li>
 * <li>{@code mq.batching.size} summary and {@code mq.batching.linger} timer, per request of automatic batching;</li>
 * <li>{@code mq.reply} timer of request-reply calls, tags {@code topic} (the request's) and {@code outcome}
 * ({@code received}, {@code timeout}, {@code failed}, {@code closed}); {@code mq.reply.dropped} counter of replies no
 * request waited for, tag {@code reason} ({@code late}, {@code unmatched});</li>
 * <li>gauges registered through {@link #gauge}: cached topics, open connections, in-flight async sends.</li>
 * </ul>
 * Meters are registered on first use and kept, so that a send costs map reads and the recording itself, not a
 * registry lookup per meter. The first {@code maxTopicTags} topics get a {@code topic} tag of their own; later ones
 * are recorded under {@value #OVERFLOW_TOPIC}, so that a client sending to very many topics does not grow the
 * registry without limit. Every meter also carries the common tags given at construction (the Spring starter tags
 * each template's meters with its name). Thread-safe. Meters kept here do not see meter filters added to the
 * registry later, nor come back if removed from it.
 */
public class MicrometerSendMetrics implements SendMetrics {

    /** Distinct topic tag values by default. */
    public static final int DEFAULT_MAX_TOPIC_TAGS = 1000;

    /** The {@code topic} tag of topics beyond the limit. */
    public static final String OVERFLOW_TOPIC = "other";

    private static final String SEND_DESCRIPTION = "Time from a send call to its outcome";

    private final MeterRegistry registry;

    private final int maxTopicTags;

    private final Tags commonTags;

    private final ConcurrentHashMap<String, TopicMeters> topics = new ConcurrentHashMap<>();

    /** Topics admitted with a tag of their own; may pass the limit by the number of racing threads, never admits. */
    private final AtomicInteger admitted = new AtomicInteger();

    private final TopicMeters overflow;

    private final ConcurrentHashMap<String, Counter> routeLookups = new ConcurrentHashMap<>();

    /** Created on first use; a race registers the same meters twice, which the registry answers with the same ones. */
    private volatile AutoBatchMeters autoBatchMeters;
    private final ConcurrentHashMap<String, Counter> droppedReplies = new ConcurrentHashMap<>();

    /** Tags up to {@value #DEFAULT_MAX_TOPIC_TAGS} topics. */
    public MicrometerSendMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_MAX_TOPIC_TAGS);
    }

    /**
     * @param registry where the meters go
     * @param maxTopicTags distinct topics tagged with their name, 0 or more; further topics are tagged
     * {@value #OVERFLOW_TOPIC}
     */
    public MicrometerSendMetrics(MeterRegistry registry, int maxTopicTags) {
        this(registry, maxTopicTags, Tags.empty());
    }

    /**
     * @param registry where the meters go
     * @param maxTopicTags distinct topics tagged with their name, 0 or more; further topics are tagged
     * {@value #OVERFLOW_TOPIC}
     * @param commonTags added to every meter, e.g. the name of the client they measure
     */
    public MicrometerSendMetrics(MeterRegistry registry, int maxTopicTags, Iterable<Tag> commonTags) {
        if (maxTopicTags < 0) {
            throw new IllegalArgumentException("maxTopicTags must be 0 or more: " + maxTopicTags);
        }
        this.registry = registry;
        this.maxTopicTags = maxTopicTags;
        this.commonTags = Tags.of(commonTags);
        this.overflow = new TopicMeters(OVERFLOW_TOPIC);
    }

    /** Distinct topics tagged with their name at most. */
    public int maxTopicTags() {
        return maxTopicTags;
    }

    /** The tags every meter carries besides its own. */
    public Tags commonTags() {
        return commonTags;
    }

    /**
     * Metrics for another client on the same registry, with the same topic limit (counted apart), whose meters carry
     * these tags in addition to, or in place of same-named, common tags of this one.
     */
    public MicrometerSendMetrics withCommonTags(Iterable<Tag> tags) {
        return new MicrometerSendMetrics(registry, maxTopicTags, commonTags.and(tags));
    }

    @Override
    public void sendCompleted(String topic, String broker, SendMode mode, String status, Throwable error, long nanos) {
        Status known = Status.of(status);
        TopicMeters meters = meters(topic);
        if (known == null) {
            // a status the client does not send: looked up each time rather than cached under an unbounded key
            sendTimer(meters.topic, broker, mode, status, error).record(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        meters.sendTimers(broker).timer(mode, known, error).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bodyPrepared(String topic, int originalBytes, int sentBytes, boolean compressed, long compressNanos) {
        TopicMeters meters = meters(topic);
        if (!compressed) {
            meters.uncompressedBodies().increment();
            return;
        }
        CompressionMeters compression = meters.compression();
        compression.bodies.increment();
        compression.before.record(originalBytes);
        compression.after.record(sentBytes);
        compression.ratio.record((double) sentBytes / originalBytes);
        compression.time.record(compressNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void retried(String topic) {
        meters(topic).retries().increment();
    }

    @Override
    public void backpressureWaited(String topic, long nanos) {
        meters(topic).backpressure().record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Automatic batches: recorded once per request, not per message; two meters created once. */
    @Override
    public void autoBatchSent(String topic, int messages, long lingerNanos) {
        AutoBatchMeters meters = autoBatchMeters;
        if (meters == null) {
            meters = new AutoBatchMeters(DistributionSummary.builder("mq.batching.size")
                    .description("Messages per request of automatic batching (1: a message that went alone)")
                    .tags(commonTags).register(registry), Timer.builder("mq.batching.linger")
                    .description("How long the oldest message of an automatic batch waited for its request")
                    .tags(commonTags).register(registry));
            autoBatchMeters = meters;
        }
        meters.size.record(messages);
        meters.linger.record(lingerNanos, TimeUnit.NANOSECONDS);
    }

    private record AutoBatchMeters(DistributionSummary size, Timer linger) {
    }

    /** Transaction checks are rare (a lost or undecided transaction): a lookup each is fine, and no topic tag. */
    @Override
    public void transactionChecked(String topic, String answer) {
        Counter.builder("mq.transaction.checks").description("Broker checks of transactional messages, by answer")
                .tag("answer", answer).tags(commonTags).register(registry).increment();
    }

    /** Ended transactions: one per transactional send, far fewer than sends; a lookup each is fine. */
    @Override
    public void transactionEnded(String topic, String decision, boolean endWritten) {
        Counter.builder("mq.transactions").description("Transactional sends ended by this client, by decision")
                .tag("decision", decision).tag("end", endWritten ? "written" : "not_written").tags(commonTags)
                .register(registry).increment();
    }

    @Override
    public void routeLookup(String topic, String outcome) {
        Counter counter = routeLookups.get(outcome);
        if (counter == null) {
            counter = routeLookups.computeIfAbsent(outcome, tag -> Counter.builder("mq.route.lookups")
                    .description("Route requests to name servers").tag("outcome", tag).tags(commonTags)
                    .register(registry));
        }
        counter.increment();
    }

    @Override
    public void replyCompleted(String topic, String outcome, long nanos) {
        ReplyOutcome known = ReplyOutcome.of(outcome);
        TopicMeters meters = meters(topic);
        Timer timer = known == null ? replyTimer(meters.topic, outcome) : meters.replyTimer(known);
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void replyDropped(String reason) {
        Counter counter = droppedReplies.get(reason);
        if (counter == null) {
            counter = droppedReplies.computeIfAbsent(reason, tag -> Counter.builder("mq.reply.dropped")
                    .description("Replies no request waited for (late: their request had timed out)")
                    .tag("reason", tag).tags(commonTags).register(registry));
        }
        counter.increment();
    }

    /** Registers a gauge that reads a value from a live object (held weakly by Micrometer). */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).tags(commonTags).register(registry);
    }

    /** Registers a gauge whose value comes from a supplier. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).tags(commonTags).strongReference(true)
                .register(registry);
    }

    /** The meters of a topic: its own while fewer than the limit have one, else those tagged {@code other}. */
    private TopicMeters meters(String topic) {
        TopicMeters meters = topics.get(topic);
        if (meters != null) {
            return meters;
        }
        if (admitted.get() >= maxTopicTags) {
            return overflow;
        }
        meters = topics.computeIfAbsent(topic,
                name -> admitted.getAndIncrement() < maxTopicTags ? new TopicMeters(name) : null);
        return meters == null ? overflow : meters;
    }

    private Timer sendTimer(String topic, String broker, SendMode mode, String status, Throwable error) {
        return Timer.builder("mq.send").description(SEND_DESCRIPTION)
                .tags(Tags.of("topic", topic, "broker", broker, "mode", mode.tag(), "status", status, "exception",
                        error == null ? "none" : error.getClass().getSimpleName()))
                .tags(commonTags).register(registry);
    }

    private Timer replyTimer(String topic, String outcome) {
        return Timer.builder("mq.reply").description("Time from a request-reply call to its reply or failure")
                .tags("topic", topic, "outcome", outcome).tags(commonTags).register(registry);
    }

    /** The outcomes of a request-reply call the client reports; the tag value is the lower-case name. */
    enum ReplyOutcome {
        RECEIVED, TIMEOUT, FAILED, CLOSED;

        static ReplyOutcome of(String tag) {
            return switch (tag) {
                case "received" -> RECEIVED;
                case "timeout" -> TIMEOUT;
                case "failed" -> FAILED;
                case "closed" -> CLOSED;
                default -> null;
            };
        }

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The send statuses the client reports (the names of {@code SendStatus}, {@code WRITTEN} for one-way sends,
     * {@code ERROR}); the tag value is the name.
     */
    enum Status {
        SEND_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE, WRITTEN, ERROR;

        private static final Status[] ALL = values();

        /** The status of that name, or null for one the client does not report. */
        static Status of(String name) {
            return switch (name) {
                case "SEND_OK" -> SEND_OK;
                case "FLUSH_DISK_TIMEOUT" -> FLUSH_DISK_TIMEOUT;
                case "FLUSH_SLAVE_TIMEOUT" -> FLUSH_SLAVE_TIMEOUT;
                case "SLAVE_NOT_AVAILABLE" -> SLAVE_NOT_AVAILABLE;
                case "WRITTEN" -> WRITTEN;
                case "ERROR" -> ERROR;
                default -> null;
            };
        }
    }

    /** What a compressed body records, registered together on the topic's first compressed body. */
    private record CompressionMeters(Counter bodies, DistributionSummary before, DistributionSummary after,
            DistributionSummary ratio, Timer time) {
    }

    /**
     * One topic tag's meters. Each is registered on first use; two threads racing to register one get the same meter
     * from the registry, so the race is harmless.
     */
    private final class TopicMeters {

        final String topic;

        private final ConcurrentHashMap<String, SendTimers> brokers = new ConcurrentHashMap<>();

        private volatile Counter uncompressedBodies;

        private volatile CompressionMeters compression;

        private volatile Counter retries;

        private volatile Timer backpressure;

        private final AtomicReferenceArray<Timer> replies = new AtomicReferenceArray<>(ReplyOutcome.values().length);

        TopicMeters(String topic) {
            this.topic = topic;
        }

        SendTimers sendTimers(String broker) {
            SendTimers timers = brokers.get(broker);
            return timers != null ? timers : brokers.computeIfAbsent(broker, name -> new SendTimers(topic, name));
        }

        Counter uncompressedBodies() {
            Counter counter = uncompressedBodies;
            if (counter == null) {
                uncompressedBodies = counter = bodies(false);
            }
            return counter;
        }

        CompressionMeters compression() {
            CompressionMeters meters = compression;
            if (meters == null) {
                compression = meters = new CompressionMeters(bodies(true),
                        DistributionSummary.builder("mq.compression.bytes.before").baseUnit("bytes")
                                .description("Body size before compression").tag("topic", topic).tags(commonTags)
                                .register(registry),
                        DistributionSummary.builder("mq.compression.bytes.after").baseUnit("bytes")
                                .description("Body size after compression").tag("topic", topic).tags(commonTags)
                                .register(registry),
                        DistributionSummary.builder("mq.compression.ratio")
                                .description("Compressed size divided by original size").tag("topic", topic)
                                .tags(commonTags).register(registry),
                        Timer.builder("mq.compression.time").description("Time spent compressing bodies")
                                .tag("topic", topic).tags(commonTags).register(registry));
            }
            return meters;
        }

        Counter retries() {
            Counter counter = retries;
            if (counter == null) {
                retries = counter = Counter.builder("mq.send.retries").description("Send attempts after a failed one")
                        .tag("topic", topic).tags(commonTags).register(registry);
            }
            return counter;
        }

        Timer backpressure() {
            Timer timer = backpressure;
            if (timer == null) {
                backpressure = timer = Timer.builder("mq.send.backpressure.wait")
                        .description("Time async sends waited for room under the in-flight limits").tag("topic", topic)
                        .tags(commonTags).register(registry);
            }
            return timer;
        }

        Timer replyTimer(ReplyOutcome outcome) {
            Timer timer = replies.get(outcome.ordinal());
            if (timer == null) {
                timer = MicrometerSendMetrics.this.replyTimer(topic, outcome.tag());
                replies.set(outcome.ordinal(), timer);
            }
            return timer;
        }

        private Counter bodies(boolean compressed) {
            return Counter.builder("mq.compression.bodies").description("Message bodies, compressed or not")
                    .tags("topic", topic, "compressed", Boolean.toString(compressed)).tags(commonTags)
                    .register(registry);
        }
    }

    /**
     * The {@code mq.send} timers of one topic and broker, a slot per mode and status: one array for sends without
     * an exception, one per exception class (the tag is its simple name).
     */
    private final class SendTimers {

        private static final int SLOTS = SendMode.values().length * Status.ALL.length;

        private final String topic;

        private final String broker;

        private final AtomicReferenceArray<Timer> succeeded = new AtomicReferenceArray<>(SLOTS);

        private final ConcurrentHashMap<Class<?>, AtomicReferenceArray<Timer>> failed = new ConcurrentHashMap<>();

        SendTimers(String topic, String broker) {
            this.topic = topic;
            this.broker = broker;
        }

        Timer timer(SendMode mode, Status status, Throwable error) {
            AtomicReferenceArray<Timer> slots = error == null ? succeeded : failedSlots(error.getClass());
            int slot = mode.ordinal() * Status.ALL.length + status.ordinal();
            Timer timer = slots.get(slot);
            if (timer == null) {
                timer = sendTimer(topic, broker, mode, status.name(), error);
                slots.set(slot, timer);
            }
            return timer;
        }

        private AtomicReferenceArray<Timer> failedSlots(Class<?> type) {
            AtomicReferenceArray<Timer> slots = failed.get(type);
            return slots != null ? slots : failed.computeIfAbsent(type, key -> new AtomicReferenceArray<>(SLOTS));
        }
    }
}
