package dev.mqtemplate.client;

import dev.mqtemplate.client.route.MessageQueue;
import java.util.List;

/**
 * Picks the queue of an ordered send, for schemes a sharding key does not cover. It gets the topic's writable queues
 * in route order (grouped by broker in name order, as the official client lists them) and must return one of them.
 * Called once per send, on the sending thread or an I/O thread: keep it quick and free of side effects.
 */
@FunctionalInterface
public interface MessageQueueSelector {

    MessageQueue select(List<MessageQueue> queues, MQMessage message);
}
