package dev.mqtemplate.client.route;

import java.util.List;
import java.util.Map;

/**
 * What a producer needs of a topic's route: the writable master queues, and the master address of each broker.
 *
 * @param topic the topic
 * @param queues writable queues, grouped by broker in name order
 * @param masterAddresses master address by broker name
 * @param clusters cluster name by broker name
 * @param viaDefaultTopic whether the topic is unknown to the name servers and these queues come from the
 *        auto-create template topic (the broker creates the topic on first send)
 */
public record TopicPublishInfo(String topic, List<MessageQueue> queues, Map<String, String> masterAddresses,
        Map<String, String> clusters, boolean viaDefaultTopic) {

    public TopicPublishInfo {
        queues = List.copyOf(queues);
        masterAddresses = Map.copyOf(masterAddresses);
        clusters = Map.copyOf(clusters);
    }

    static TopicPublishInfo of(String topic, TopicRoute route, int maxQueuesPerBroker, boolean viaDefaultTopic) {
        Map<String, String> masters = new java.util.HashMap<>();
        Map<String, String> clusters = new java.util.HashMap<>();
        for (TopicRoute.BrokerData broker : route.brokerDatas()) {
            if (broker.cluster() != null) {
                clusters.put(broker.brokerName(), broker.cluster());
            }
            String master = broker.brokerAddrs().get(TopicRoute.MASTER_ID);
            if (master != null) {
                masters.put(broker.brokerName(), master);
            }
        }
        return new TopicPublishInfo(topic, route.writableQueues(topic, maxQueuesPerBroker), masters, clusters,
                viaDefaultTopic);
    }
}
