package dev.mqtemplate.client.route;

/**
 * One queue of a topic on one broker.
 *
 * @param topic the topic
 * @param brokerName the name of the broker that hosts the queue
 * @param queueId the queue id within that broker
 */
public record MessageQueue(String topic, String brokerName, int queueId) {

    @Override
    public String toString() {
        return topic + "@" + brokerName + "#" + queueId;
    }
}
