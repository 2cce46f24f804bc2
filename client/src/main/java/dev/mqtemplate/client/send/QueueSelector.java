package dev.mqtemplate.client.send;

import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.TopicPublishInfo;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round robin over a topic's writable queues, skipping brokers that fault avoidance has isolated and, on a retry,
 * the broker that just failed, as long as another candidate exists.
 */
public class QueueSelector {

    private final BrokerHealth health;

    private final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    public QueueSelector(BrokerHealth health) {
        this.health = health;
    }

    /**
     * Picks a queue.
     *
     * @param info the topic's queues
     * @param avoidBroker a broker to avoid if possible (the one that failed the previous attempt), or null
     */
    public MessageQueue select(TopicPublishInfo info, String avoidBroker) {
        List<MessageQueue> queues = info.queues();
        int size = queues.size();
        int start = next.getAndIncrement() & Integer.MAX_VALUE;
        // first pass: healthy and not the broker to avoid; second: healthy; third: not the broker to avoid (all are
        // isolated: a retry still goes elsewhere); last resort: plain round robin
        for (int i = 0; i < size; i++) {
            MessageQueue queue = queues.get((start + i) % size);
            if (!queue.brokerName().equals(avoidBroker) && health.isAvailable(queue.brokerName())) {
                return queue;
            }
        }
        for (int i = 0; i < size; i++) {
            MessageQueue queue = queues.get((start + i) % size);
            if (health.isAvailable(queue.brokerName())) {
                return queue;
            }
        }
        if (avoidBroker != null) {
            for (int i = 0; i < size; i++) {
                MessageQueue queue = queues.get((start + i) % size);
                if (!queue.brokerName().equals(avoidBroker)) {
                    return queue;
                }
            }
        }
        return queues.get(start % size);
    }
}
