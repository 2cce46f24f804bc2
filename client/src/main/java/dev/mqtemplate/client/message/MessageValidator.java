package dev.mqtemplate.client.message;

import dev.mqtemplate.client.error.MQValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every check made before the network, in one place: topic, body, tags, keys, user properties, delay level, producer
 * group, timeouts. Each refusal is an {@link MQValidationException} naming the field, the value and the rule.
 */
public final class MessageValidator {

    /** Longest topic name a broker accepts. */
    public static final int MAX_TOPIC_LENGTH = 127;

    /** Longest producer group name a broker accepts. */
    public static final int MAX_GROUP_LENGTH = 255;

    /**
     * Longest timeout or interval taken as given; a longer one, up to the largest {@link Duration} there is, is taken
     * as this. A week is "never" for a send, and it keeps every deadline ({@code now + nanos}) and every int of
     * milliseconds (Netty's connect timeout) far from overflowing.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

    private static final String LEGAL_NAME_RULE = "may contain only letters, digits, '%', '|', '-' and '_'";

    private static final Set<String> SYSTEM_TOPICS = Set.of("TBW102", "SCHEDULE_TOPIC_XXXX", "BenchmarkTest",
            "OFFSET_MOVED_EVENT", "SELF_TEST_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRACE_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC", "rmq_sys_REVIVE_LOG", "rmq_sys_wheel_timer",
            "rmq_sys_ROCKSDB_OFFSET_TOPIC", "DefaultHeartBeatSyncerTopic");

    private static final List<String> SYSTEM_TOPIC_PREFIXES = List.of("%RETRY%", "%DLQ%", "rmq_sys_", "RMQ_SYS_",
            "%SYS%");

    private static final Set<String> RESERVED_GROUPS = Set.of("DEFAULT_PRODUCER", "CLIENT_INNER_PRODUCER",
            "TOOLS_CONSUMER", "FILTERSRV_CONSUMER", "__MONITOR_CONSUMER", "SELF_TEST_P_GROUP", "SELF_TEST_C_GROUP",
            "CID_ONS-HTTP-PROXY", "CID_ONSAPI_PERMISSION", "CID_ONSAPI_OWNER", "CID_ONSAPI_PULL", "CID_RMQ_SYS_",
            "DEFAULT_CONSUMER");

    private MessageValidator() {
    }

    /** Checks a topic name: not blank, at most 127 characters, legal characters, not a system or retry topic. */
    public static String checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new MQValidationException("topic", topic, "must not be blank");
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new MQValidationException("topic", topic, "must be at most " + MAX_TOPIC_LENGTH + " characters long");
        }
        if (!isLegalName(topic)) {
            throw new MQValidationException("topic", topic, LEGAL_NAME_RULE);
        }
        if (SYSTEM_TOPICS.contains(topic)) {
            throw new MQValidationException("topic", topic, "is a RocketMQ system topic");
        }
        // indexed: an iterator per send adds up
        for (int i = 0; i < SYSTEM_TOPIC_PREFIXES.size(); i++) {
            String prefix = SYSTEM_TOPIC_PREFIXES.get(i);
            if (topic.startsWith(prefix)) {
                throw new MQValidationException("topic", topic, "uses the reserved prefix '" + prefix + "'");
            }
        }
        return topic;
    }

    /** Refuses a topic that is the name of a broker or cluster of its own route: those topics belong to RocketMQ. */
    public static void checkNotClusterOrBrokerTopic(String topic, java.util.Collection<String> brokerNames,
            java.util.Collection<String> clusterNames) {
        if (brokerNames.contains(topic)) {
            throw new MQValidationException("topic", topic, "is the name of a broker (a RocketMQ system topic)");
        }
        if (clusterNames.contains(topic)) {
            throw new MQValidationException("topic", topic, "is the name of a cluster (a RocketMQ system topic)");
        }
    }

    /** Checks a body is present and not empty. */
    public static void checkBody(byte[] body) {
        if (body == null) {
            throw new MQValidationException("body", null, "must not be null");
        }
        if (body.length == 0) {
            throw new MQValidationException("body", "", "must not be empty");
        }
    }

    /**
     * Checks the body as it goes on the wire. A 5.3.3 broker refuses a stored body over its {@code maxMessageSize}
     * (4 MiB by default) and compares the body it receives, that is after compression; so do we.
     */
    public static void checkBodySize(int wireLength, int originalLength, int maxSize) {
        if (wireLength > maxSize) {
            String size = wireLength == originalLength ? wireLength + " bytes"
                    : originalLength + " bytes (" + wireLength + " compressed)";
            throw new MQValidationException("body", size, "must be at most " + maxSize
                    + " bytes as sent (the broker's maxMessageSize)");
        }
    }

    /**
     * Checks a tag: null is fine (no tag); otherwise not blank, no property separators, no unpaired surrogate and no
     * {@code ||} (the "or" of subscription expressions).
     */
    public static void checkTags(String tags) {
        if (tags == null) {
            return;
        }
        if (tags.isBlank()) {
            throw new MQValidationException("tags", tags, "must not be blank (leave it null for no tag)");
        }
        if (hasSeparator(tags)) {
            throw new MQValidationException("tags", tags, "must not contain U+0001 or U+0002");
        }
        MessageProperties.refuseUnpairedSurrogate("tags", tags);
        if (tags.contains("||")) {
            // consumers split a subscription expression at "||": no subscription can name this tag
            throw new MQValidationException("tags", tags,
                    "must not contain '||': a subscription reads 'a||b' as tag a or tag b, so none could match it");
        }
    }

    /**
     * Checks keys: each not blank, without spaces (the key separator), property separators or unpaired surrogates.
     */
    public static void checkKeys(List<String> keys) {
        for (String key : keys) {
            if (key == null || key.isBlank()) {
                throw new MQValidationException("key", key, "must not be blank");
            }
            if (key.indexOf(' ') >= 0) {
                throw new MQValidationException("key", key, "must not contain a space: spaces separate keys");
            }
            if (hasSeparator(key)) {
                throw new MQValidationException("key", key, "must not contain U+0001 or U+0002");
            }
            MessageProperties.refuseUnpairedSurrogate("key", key);
        }
    }

    /** Checks a sharding key: not blank, no property separators, no unpaired surrogate. */
    public static void checkShardingKey(String key) {
        if (key.isBlank()) {
            throw new MQValidationException("shardingKey", key, "must not be blank (leave it null for no order)");
        }
        if (hasSeparator(key)) {
            throw new MQValidationException("shardingKey", key, "must not contain U+0001 or U+0002");
        }
        MessageProperties.refuseUnpairedSurrogate("shardingKey", key);
    }

    /** Checks every user property (see {@link MessageProperties#checkUserProperty}). */
    public static void checkUserProperties(Map<String, String> properties) {
        properties.forEach(MessageProperties::checkUserProperty);
    }

    /**
     * Checks the properties still fit once the broker has added its own. A 5.3.3 broker stores {@code CLUSTER},
     * {@code MSG_REGION} and {@code TRACE_ON} with every message and refuses one whose stored properties exceed
     * 32767 UTF-8 bytes; measured against a real broker, see BrokerLimitsIntegrationTests.
     *
     * @param encodedLength UTF-8 length of the properties we send
     * @param clusterName the cluster of the target broker, or null when unknown (then only our part is checked)
     */
    public static void checkPropertiesLength(int encodedLength, String clusterName) {
        checkPropertiesLength(encodedLength, clusterName, 0, null, 0);
    }

    /**
     * As {@link #checkPropertiesLength(int, String)}, for a message bound to a known queue. A delayed message grows
     * more: the broker moves it to SCHEDULE_TOPIC_XXXX and records where it was going, as {@code REAL_TOPIC} and
     * {@code REAL_QID}, before it checks the length (measured too).
     *
     * @param delayLevel the message's delay level, 0 for none
     * @param topic the topic the message is sent to (the broker's REAL_TOPIC when delayed)
     * @param queueId the queue it is sent to (the broker's REAL_QID when delayed)
     */
    public static void checkPropertiesLength(int encodedLength, String clusterName, int delayLevel, String topic,
            int queueId) {
        int cluster = clusterName == null ? 0 : brokerAddedPropertiesLength(clusterName);
        int delay = delayLevel > 0 ? delayAddedPropertiesLength(topic, queueId) : 0;
        if (encodedLength + cluster + delay > MessageProperties.MAX_ENCODED_LENGTH) {
            throw new MQValidationException("properties", encodedLength + " bytes encoded",
                    "must encode to at most " + (MessageProperties.MAX_ENCODED_LENGTH - cluster - delay) + " bytes"
                            + addedByBroker(clusterName, cluster, delay));
        }
    }

    /** The rule's explanation of what the broker adds, empty when it adds nothing we know of. */
    private static String addedByBroker(String clusterName, int cluster, int delay) {
        if (cluster == 0 && delay == 0) {
            return "";
        }
        String inCluster = cluster == 0 ? "" : "the " + cluster + " bytes the broker adds in cluster '" + clusterName + "'";
        String delayed = delay == 0 ? ""
                : "the " + delay + " bytes of REAL_TOPIC and REAL_QID " + (cluster == 0 ? "the broker" : "it")
                        + " adds to a delayed message";
        return " (32767 less " + inCluster + (cluster != 0 && delay != 0 ? " and " : "") + delayed + ")";
    }

    /** UTF-8 length of what a 5.3.3 broker appends: CLUSTER, MSG_REGION (default region) and TRACE_ON (default on). */
    static int brokerAddedPropertiesLength(String clusterName) {
        return entryLength("CLUSTER", clusterName) + entryLength("MSG_REGION", DEFAULT_BROKER_REGION)
                + entryLength("TRACE_ON", "true");
    }

    /** UTF-8 length of what a 5.3.3 broker appends to a delayed message: REAL_TOPIC and REAL_QID. */
    static int delayAddedPropertiesLength(String topic, int queueId) {
        return entryLength(MessageProperties.REAL_TOPIC, topic) + "REAL_QID".length() + 1 + decimalLength(queueId) + 1;
    }

    /** Characters of a non-negative int in decimal, counted rather than formatted (no string per send). */
    private static int decimalLength(int value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private static int entryLength(String name, String value) {
        // counted, not encoded: this runs for every send
        return name.length() + 1 + MessageProperties.utf8Length(value) + 1;
    }

    /** Whether a name is not empty and has only the characters of LEGAL_NAME_RULE; a loop, since it runs per send. */
    private static boolean isLegalName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%'
                    || c == '|' || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return true;
    }

    /** The region a broker stores with each message unless configured otherwise (BrokerConfig.regionId). */
    static final String DEFAULT_BROKER_REGION = "DefaultRegion";

    /** Checks a delay level: 0 (none) up to the broker's highest level. */
    public static void checkDelayLevel(int level, int maxLevel) {
        if (level < 0 || level > maxLevel) {
            throw new MQValidationException("delayLevel", level, "must be 0 (no delay) up to " + maxLevel);
        }
    }

    /**
     * Checks the timer of a message (5.x brokers): at most one of {@code deliverAt} and {@code delay}, no delay level
     * with it (the broker would drop the timer and use the level), due in the future and no later than the brokers'
     * {@code timerMaxDelaySec} allows. Nothing to check when neither is set.
     *
     * @param nowMillis the current time, epoch milliseconds
     * @return when the message is due, epoch milliseconds; 0 when it is no timer message
     */
    public static long checkTimer(Instant deliverAt, Duration delay, int delayLevel, Duration maxDelay,
            long nowMillis) {
        if (deliverAt == null && delay == null) {
            return 0;
        }
        if (deliverAt != null && delay != null) {
            throw new MQValidationException("delay", delay, "must not be set together with deliverAt ("
                    + deliverAt + "): a timer message has one delivery time");
        }
        if (delayLevel != 0) {
            throw new MQValidationException("delayLevel", delayLevel, "must be 0 on a timer message (deliverAt or "
                    + "delay set): the broker would ignore the timer and use the level");
        }
        long maxMillis = maxDelay.toMillis();
        if (delay != null) {
            if (delay.isZero() || delay.isNegative()) {
                throw new MQValidationException("delay", delay, "must be positive");
            }
            if (delay.compareTo(maxDelay) > 0) {
                throw new MQValidationException("delay", delay, "must be at most " + maxDelay.toSeconds()
                        + " s (the broker's timerMaxDelaySec)");
            }
            return nowMillis + delay.toMillis();
        }
        long dueMillis;
        try {
            dueMillis = deliverAt.toEpochMilli();
        } catch (ArithmeticException tooFar) {
            dueMillis = deliverAt.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (dueMillis <= nowMillis) {
            throw new MQValidationException("deliverAt", deliverAt, "must be in the future (it is now "
                    + Instant.ofEpochMilli(nowMillis) + ")");
        }
        if (dueMillis - nowMillis > maxMillis) {
            throw new MQValidationException("deliverAt", deliverAt, "must be at most " + maxDelay.toSeconds()
                    + " s from now (the broker's timerMaxDelaySec): at most " + Instant.ofEpochMilli(nowMillis
                    + maxMillis));
        }
        return dueMillis;
    }

    /** Checks a producer group: not blank, at most 255 characters, legal characters, not reserved. */
    public static String checkProducerGroup(String group) {
        if (group == null || group.isBlank()) {
            throw new MQValidationException("producerGroup", group, "must not be blank");
        }
        if (group.length() > MAX_GROUP_LENGTH) {
            throw new MQValidationException("producerGroup", group, "must be at most " + MAX_GROUP_LENGTH + " characters long");
        }
        if (!isLegalName(group)) {
            throw new MQValidationException("producerGroup", group, LEGAL_NAME_RULE);
        }
        if (RESERVED_GROUPS.contains(group)) {
            throw new MQValidationException("producerGroup", group, "is reserved by RocketMQ");
        }
        return group;
    }

    /**
     * Checks a per-call timeout: it must be positive (zero or less is a mistake, not an instant timeout).
     *
     * @return the timeout in milliseconds, at least 1 and at most {@link #MAX_TIMEOUT}'s
     */
    public static long checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new MQValidationException("timeout", timeout, "must be positive");
        }
        return Math.max(1, clampTimeout(timeout).toMillis());
    }

    /** The duration, or {@link #MAX_TIMEOUT} when it is longer. */
    public static Duration clampTimeout(Duration timeout) {
        return timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
    }

    private static boolean hasSeparator(String text) {
        return text.indexOf('\u0001') >= 0 || text.indexOf('\u0002') >= 0;
    }
}
