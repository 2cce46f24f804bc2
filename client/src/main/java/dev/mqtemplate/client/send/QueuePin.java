package dev.mqtemplate.client.send;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.route.MessageQueue;
import java.util.List;
import java.util.function.Function;

/**
 * Where an ordered send must go: one queue of the topic, chosen from the route, never another. A send with a pin
 * keeps its queue across retries, skips fault avoidance, and waits for the send before it on the same queue, so
 * messages of one key are stored in the order they were submitted.
 */
public interface QueuePin {

    /**
     * The queue among the topic's writable queues, in route order (grouped by broker in name order, as the official
     * client lists them). Throws {@link MQValidationException} when there is no such queue.
     */
    MessageQueue pick(List<MessageQueue> queues);

    /** What the pin is, for messages: {@code sharding key 'k'}, {@code queue orders@broker-a#1}, ... */
    String describe();

    /**
     * The queue the official client's hash selector ({@code SelectMessageQueueByHash}) picks for the key over the
     * same route: the key's {@code hashCode()} modulo the number of queues, made non-negative. So a fleet that mixes
     * this client with the official one keeps each key's order.
     */
    static QueuePin byShardingKey(String key) {
        return new QueuePin() {
            @Override
            public MessageQueue pick(List<MessageQueue> queues) {
                return queues.get(hashIndex(key, queues.size()));
            }

            @Override
            public String describe() {
                return "sharding key '" + key + "'";
            }
        };
    }

    /** Exactly this queue, which must be a writable queue of the route. */
    static QueuePin fixed(MessageQueue queue) {
        return new QueuePin() {
            @Override
            public MessageQueue pick(List<MessageQueue> queues) {
                if (!queues.contains(queue)) {
                    throw new MQValidationException("queue", queue, "is not a writable queue of topic '"
                            + queue.topic() + "' in its current route " + queues);
                }
                return queue;
            }

            @Override
            public String describe() {
                return "queue " + queue;
            }
        };
    }

    /** The queue a user's function picks; it must return one of the queues it was given. */
    static QueuePin chosenBy(Function<List<MessageQueue>, MessageQueue> chooser) {
        return new QueuePin() {
            @Override
            public MessageQueue pick(List<MessageQueue> queues) {
                MessageQueue chosen;
                try {
                    chosen = chooser.apply(queues);
                } catch (RuntimeException e) {
                    throw new MQValidationException("queue selector", e.toString(), "must not throw");
                }
                if (chosen == null || !queues.contains(chosen)) {
                    throw new MQValidationException("queue selector", chosen,
                            "must return one of the queues it was given " + queues);
                }
                return chosen;
            }

            @Override
            public String describe() {
                return "queue selector";
            }
        };
    }

    /** The official hash selector's index: {@code hashCode % size}, its absolute value when negative. */
    static int hashIndex(String key, int size) {
        int value = key.hashCode() % size;
        return value < 0 ? Math.abs(value) : value;
    }
}
