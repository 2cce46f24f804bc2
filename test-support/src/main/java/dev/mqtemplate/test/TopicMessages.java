package dev.mqtemplate.test;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Reads back what a topic of the local cluster holds, with the official consumer (in a child JVM): the messages as
 * the broker stored them, bodies decompressed, properties included. Each call reads the whole topic from its first
 * offset, so the result is everything stored so far, not what is new since the last call.
 */
public final class TopicMessages {

    /** How long {@link #await(String, int)} waits by default. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

    private final LocalRocketMQ rocketMQ;

    public TopicMessages(LocalRocketMQ rocketMQ) {
        this.rocketMQ = rocketMQ;
    }

    /** Everything the topic holds now. The topic must exist (a first send creates it). */
    public List<StoredMessage> read(String topic) {
        return rocketMQ.readMessages(topic, 0, Duration.ZERO);
    }

    /** Waits up to {@link #DEFAULT_BUDGET} until the topic holds at least {@code count} messages; returns them all. */
    public List<StoredMessage> await(String topic, int count) {
        return await(topic, count, DEFAULT_BUDGET);
    }

    /**
     * Waits up to {@code budget} until the topic holds at least {@code count} messages and returns all it holds
     * (possibly more). Throws {@link AssertionError}, listing what it found, when fewer are there in time.
     */
    public List<StoredMessage> await(String topic, int count, Duration budget) {
        List<StoredMessage> stored = rocketMQ.readMessages(topic, count, budget);
        if (stored.size() < count) {
            throw new AssertionError("expected at least " + count + " message(s) in topic " + topic + " within "
                    + budget + ", found " + stored.size() + ": " + bodies(stored));
        }
        return stored;
    }

    /** Like {@link #await(String, int)}, the bodies decoded as UTF-8, in the order the consumer read them. */
    public List<String> awaitBodies(String topic, int count) {
        return bodies(await(topic, count));
    }

    /** The cluster these messages are read from. */
    public LocalRocketMQ rocketMQ() {
        return rocketMQ;
    }

    private static List<String> bodies(List<StoredMessage> stored) {
        return stored.stream().map(message -> new String(message.body(), StandardCharsets.UTF_8)).toList();
    }
}
