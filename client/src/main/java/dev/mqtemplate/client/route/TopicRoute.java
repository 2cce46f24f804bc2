package dev.mqtemplate.client.route;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A topic's route as a name server answers it (TopicRouteData): which brokers host it, with how many queues and what
 * permission, and each broker's addresses by broker id (0 is the master).
 *
 * @param queueDatas the queues per broker
 * @param brokerDatas the brokers and their addresses
 * @param orderTopicConf for ordered topics, {@code brokerName:queueCount} entries separated by {@code ;}, else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TopicRoute(List<QueueData> queueDatas, List<BrokerData> brokerDatas, String orderTopicConf) {

    /** The master's broker id in {@link BrokerData#brokerAddrs()}. */
    public static final long MASTER_ID = 0L;

    static final int PERM_WRITE = 0x2;

    // Old name servers write numeric map keys unquoted ({0:"ip:port"}); newer ones may quote longs as strings.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public TopicRoute {
        queueDatas = queueDatas == null ? List.of() : List.copyOf(queueDatas);
        brokerDatas = brokerDatas == null ? List.of() : List.copyOf(brokerDatas);
    }

    /** Parses the JSON body of a GET_ROUTEINFO_BY_TOPIC answer. */
    public static TopicRoute parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty route body");
        }
        try {
            return JSON.readValue(json, TopicRoute.class);
        } catch (JacksonException e) {
            String text = new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8);
            throw new IllegalArgumentException("malformed route JSON (" + e.getOriginalMessage() + "): " + text, e);
        }
    }

    /** The master address of a broker, or null when the route names none. */
    public String masterAddress(String brokerName) {
        for (BrokerData broker : brokerDatas) {
            if (broker.brokerName().equals(brokerName)) {
                return broker.brokerAddrs().get(MASTER_ID);
            }
        }
        return null;
    }

    /**
     * The queues a producer may write to: for each writable queue data whose broker has a master, queues
     * 0..writeQueueNums-1, grouped by broker name in order. An ordered topic's own configuration wins.
     *
     * @param topic the topic the queues belong to
     * @param maxQueuesPerBroker caps the queue count per broker (used for the auto-create template route)
     */
    public List<MessageQueue> writableQueues(String topic, int maxQueuesPerBroker) {
        List<MessageQueue> queues = new ArrayList<>();
        if (orderTopicConf != null && !orderTopicConf.isBlank()) {
            for (String entry : orderTopicConf.split(";")) {
                String[] nameAndCount = entry.split(":");
                if (nameAndCount.length == 2) {
                    int count = Integer.parseInt(nameAndCount[1].trim());
                    for (int id = 0; id < count; id++) {
                        queues.add(new MessageQueue(topic, nameAndCount[0].trim(), id));
                    }
                }
            }
            return queues;
        }
        List<QueueData> sorted = new ArrayList<>(queueDatas);
        sorted.sort(Comparator.comparing(QueueData::brokerName));
        for (QueueData data : sorted) {
            if ((data.perm() & PERM_WRITE) == 0 || masterAddress(data.brokerName()) == null) {
                continue;
            }
            int count = Math.min(data.writeQueueNums(), maxQueuesPerBroker);
            for (int id = 0; id < count; id++) {
                queues.add(new MessageQueue(topic, data.brokerName(), id));
            }
        }
        return queues;
    }

    /**
     * Queues of one broker for a topic.
     *
     * @param brokerName the broker
     * @param readQueueNums number of readable queues
     * @param writeQueueNums number of writable queues
     * @param perm permission bits: 4 read, 2 write
     * @param topicSysFlag topic system flags
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
    }

    /**
     * A broker and its addresses.
     *
     * @param cluster the cluster name
     * @param brokerName the broker name
     * @param brokerAddrs addresses by broker id; 0 is the master
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {

        public BrokerData {
            brokerAddrs = brokerAddrs == null ? Map.of() : Map.copyOf(brokerAddrs);
        }
    }
}
