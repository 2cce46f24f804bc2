package dev.mqtemplate.client;

import dev.mqtemplate.client.route.MessageQueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message to send: topic, optional tags and keys, body, user properties and the other RocketMQ message options.
 * Immutable; build one with {@link #builder(String)}. Each send gives it a fresh message id (UNIQ_KEY).
 */
public final class MQMessage {

    private final String topic;

    private final String tags;

    private final List<String> keys;

    private final byte[] body;

    private final Map<String, String> properties;

    private final int flag;

    private final int delayLevel;

    private final boolean waitStoreMsgOk;

    private final String shardingKey;

    private final MessageQueue queue;

    private final MessageQueueSelector queueSelector;

    private final Instant deliverAt;

    private final Duration delay;

    private MQMessage(Builder builder) {
        this.topic = builder.topic;
        this.tags = builder.tags;
        // not List.copyOf: it throws NullPointerException on a null key, which the send-time check reports properly;
        // most messages have neither keys nor properties, so those share the empty collections
        this.keys = builder.keys == null ? java.util.Collections.emptyList()
                : java.util.Collections.unmodifiableList(new ArrayList<>(builder.keys));
        this.body = builder.body;
        this.properties = builder.properties == null ? java.util.Collections.emptyMap()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
        this.flag = builder.flag;
        this.delayLevel = builder.delayLevel;
        this.waitStoreMsgOk = builder.waitStoreMsgOk;
        this.shardingKey = builder.shardingKey;
        this.queue = builder.queue;
        this.queueSelector = builder.queueSelector;
        this.deliverAt = builder.deliverAt;
        this.delay = builder.delay;
    }

    /**
     * A copy of this message with {@code added} properties put after its own (a name it already has takes the new
     * value): how a {@link SendObserver} adds a trace context without changing the caller's message.
     */
    public MQMessage withProperties(Map<String, String> added) {
        Builder copy = new Builder(topic);
        copy.tags = tags;
        copy.keys = keys.isEmpty() ? null : keys;
        copy.body = body;
        copy.properties = new LinkedHashMap<>(properties);
        copy.properties.putAll(java.util.Objects.requireNonNull(added, "added"));
        copy.flag = flag;
        copy.delayLevel = delayLevel;
        copy.waitStoreMsgOk = waitStoreMsgOk;
        copy.shardingKey = shardingKey;
        copy.queue = queue;
        copy.queueSelector = queueSelector;
        copy.deliverAt = deliverAt;
        copy.delay = delay;
        return copy.build();
    }

    /** Starts a message to the given topic. */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    public String topic() {
        return topic;
    }

    /** The tag consumers filter on, or {@code null}. */
    public String tags() {
        return tags;
    }

    /** Business keys, indexed by the broker for lookups; empty when none. */
    public List<String> keys() {
        return keys;
    }

    /** The body; not copied, so do not change the array after building. */
    public byte[] body() {
        return body;
    }

    /** User properties, in the order they were added. */
    public Map<String, String> properties() {
        return properties;
    }

    /** A user-defined int the broker stores as is. */
    public int flag() {
        return flag;
    }

    /** Delay level (1 = the broker's first level, e.g. 1 s), or 0 for none. */
    public int delayLevel() {
        return delayLevel;
    }

    /** Whether the broker answers only once the message is flushed/replicated as configured (WAIT property). */
    public boolean waitStoreMsgOk() {
        return waitStoreMsgOk;
    }

    /** The key whose messages keep their order, or {@code null}; see {@link Builder#shardingKey(String)}. */
    public String shardingKey() {
        return shardingKey;
    }

    /** The queue this message must go to, or {@code null}; see {@link Builder#queue(MessageQueue)}. */
    public MessageQueue queue() {
        return queue;
    }

    /** What picks this message's queue, or {@code null}; see {@link Builder#queueSelector(MessageQueueSelector)}. */
    public MessageQueueSelector queueSelector() {
        return queueSelector;
    }

    /** Whether this message goes to a queue of its own choosing, in order: a sharding key, a queue or a selector. */
    public boolean isOrdered() {
        return shardingKey != null || queue != null || queueSelector != null;

    }

    /** When a timer message is to be delivered (5.x brokers), or {@code null}. */
    public Instant deliverAt() {
        return deliverAt;
    }

    /** How long after the broker stores it a timer message is to be delivered (5.x brokers), or {@code null}. */
    public Duration delay() {
        return delay;
    }

    /** Whether this is a timer message: {@link #deliverAt()} or {@link #delay()} is set. */
    public boolean isTimer() {
        return deliverAt != null || delay != null;
    }

    @Override
    public String toString() {
        return "MQMessage[topic=" + topic + ", tags=" + tags + ", keys=" + keys + ", body="
                + (body == null ? "null" : body.length + " bytes") + ", properties=" + properties.keySet() + "]";
    }

    /** Builds a {@link MQMessage}; checks happen at send time, in one place, with messages that say what to fix. */
    public static final class Builder {

        private final String topic;

        private String tags;

        /** Created on the first key: most messages have none. */
        private List<String> keys;

        private byte[] body;

        /** Created on the first property: most messages have none. */
        private Map<String, String> properties;

        private int flag;

        private int delayLevel;

        private boolean waitStoreMsgOk = true;

        private String shardingKey;

        private MessageQueue queue;

        private MessageQueueSelector queueSelector;

        private Instant deliverAt;

        private Duration delay;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder tags(String tags) {
            this.tags = tags;
            return this;
        }

        /** Adds business keys (several are allowed). */
        public Builder keys(String... keys) {
            keyList().addAll(Arrays.asList(keys));
            return this;
        }

        public Builder keys(Collection<String> keys) {
            keyList().addAll(keys);
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /** The body as UTF-8 text. */
        public Builder body(String text) {
            this.body = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Adds a user property; reserved names are refused at send time. */
        public Builder property(String name, String value) {
            propertyMap().put(name, value);
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            propertyMap().putAll(Objects.requireNonNull(properties, "properties"));
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        public Builder delayLevel(int delayLevel) {
            this.delayLevel = delayLevel;
            return this;
        }

        public Builder waitStoreMsgOk(boolean waitStoreMsgOk) {
            this.waitStoreMsgOk = waitStoreMsgOk;
            return this;
        }

        /**
         * Makes this an ordered message: every message with the same key goes to the same queue for as long as the
         * topic's route is unchanged (the queue the official client's hash selector picks for the key), and is stored
         * in the order it was sent, in every mode. Ordered sends are retried on their queue only, never on another,
         * and skip fault avoidance: a failure names the queue
         * ({@link dev.mqtemplate.client.error.MQException#pinnedQueue()}).
         * The key is also stored as the {@code __SHARDINGKEY} property, which RocketMQ 5 FIFO consumers read as the
         * message group.
         */
        public Builder shardingKey(String shardingKey) {
            this.shardingKey = shardingKey;
            return this;
        }

        /**
         * Makes this a timer message, delivered at the given time (5.x brokers: the TIMER_DELIVER_MS property; a 4.x
         * broker ignores it and delivers at once). The broker's precision is a second, rounded down. Checked at send
         * time: in the future, within the broker's {@code timerMaxDelaySec}, not with {@link #delay(Duration)} or a
         * delay level.
         */
        public Builder deliverAt(Instant deliverAt) {
            this.deliverAt = deliverAt;
            return this;
        }

        /**
         * Sends to exactly this queue (it must be a writable queue of the topic's route), in order, as for a
         * {@linkplain #shardingKey(String) sharding key}. Takes precedence over a selector and a sharding key.
         */
        public Builder queue(MessageQueue queue) {
            this.queue = queue;
            return this;
        }

        /**
         * Sends to the queue {@code selector} picks, in order, as for a {@linkplain #shardingKey(String) sharding
         * key}. Takes precedence over a sharding key (which is still stored as a property).
         */
        public Builder queueSelector(MessageQueueSelector selector) {
            this.queueSelector = selector;
            return this;
        }

        /**
         * Makes this a timer message, delivered this long after the broker stores it (5.x brokers: the TIMER_DELAY_MS
         * property). Checked at send time like {@link #deliverAt(Instant)}; it must be positive.
         */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        public MQMessage build() {
            return new MQMessage(this);
        }

        private List<String> keyList() {
            if (keys == null) {
                keys = new ArrayList<>();
            }
            return keys;
        }

        private Map<String, String> propertyMap() {
            if (properties == null) {
                properties = new LinkedHashMap<>();
            }
            return properties;
        }
    }
}
