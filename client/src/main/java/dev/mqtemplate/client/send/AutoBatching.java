package dev.mqtemplate.client.send;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of automatic batching: async sends to one topic that arrive while that topic's requests are all busy wait
 * and go out together, as one SEND_BATCH_MESSAGE, when a request ends. Off by default.
 *
 * @param enabled whether async sends are batched at all
 * @param maxMessages the most messages one request carries
 * @param maxBytes the most bytes of records one request carries (a message larger than this goes alone)
 * @param linger how long a message may wait for others when a request could go at once; zero sends a lone message
 *     at once, so batching costs nothing until the topic is busy
 * @param maxRequestsPerTopic how many requests to one topic may be in flight before messages wait to be batched
 */
public record AutoBatching(boolean enabled, int maxMessages, int maxBytes, Duration linger, int maxRequestsPerTopic) {

    /** Batching off. */
    public static final AutoBatching OFF = new AutoBatching(false, 512, 256 * 1024, Duration.ZERO, 4);

    /** Batching on with the defaults: 512 messages, 256 KiB, no linger, 4 requests per topic in flight. */
    public static final AutoBatching DEFAULTS = new AutoBatching(true, 512, 256 * 1024, Duration.ZERO, 4);

    public AutoBatching {
        Objects.requireNonNull(linger, "linger");
        if (maxMessages < 2) {
            throw new IllegalArgumentException("maxMessages must be at least 2, was " + maxMessages);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("linger must be in 0..1s, was " + linger);
        }
        if (maxRequestsPerTopic < 1) {
            throw new IllegalArgumentException("maxRequestsPerTopic must be at least 1, was " + maxRequestsPerTopic);
        }
    }
}
