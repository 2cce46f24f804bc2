package dev.mqtemplate.localbroker;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One message as the official consumer read it back from the broker: the body decompressed, the properties as stored.
 *
 * @param topic the topic
 * @param brokerName the broker that stores it
 * @param queueId the queue id
 * @param queueOffset the offset in that queue
 * @param tags the TAGS property, or {@code null}
 * @param keys the KEYS property (space separated), or {@code null}
 * @param uniqKey the UNIQ_KEY property: the client's message id
 * @param offsetMsgId the offset message id (store host, port, commit-log offset)
 * @param bornTimestamp the producer's timestamp
 * @param storeTimestamp the broker's timestamp
 * @param sysFlag the sysFlag as the official consumer reports it (bit 0 cleared once it inflated the body)
 * @param flag the user flag
 * @param reconsumeTimes the reconsume count
 * @param properties every stored property
 * @param body the body as the official client decodes it
 */
public record StoredMessage(String topic, String brokerName, int queueId, long queueOffset, String tags, String keys,
        String uniqKey, String offsetMsgId, long bornTimestamp, long storeTimestamp, int sysFlag, int flag,
        int reconsumeTimes, Map<String, String> properties, byte[] body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Whether the broker stored the body compressed. The official decoder inflates such a body and then clears the
     * compressed bit (0x1) of the sysFlag it reports, but leaves the compression-type bits (0x700) the producer set.
     */
    public boolean compressed() {
        return (sysFlag & 0x1) != 0 || (sysFlag & 0x700) != 0;
    }

    static List<StoredMessage> parseDump(List<String> lines, String topic) {
        List<StoredMessage> messages = new ArrayList<>();
        boolean done = false;
        for (String line : lines) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (node.has("late")) {
                throw new IllegalStateException("the read of topic " + topic + " started " + node.get("late").asLong()
                        + " ms after the time it was asked for");
            }
            if (node.has("done")) {
                done = true;
                continue;
            }
            Map<String, String> properties = new LinkedHashMap<>();
            node.get("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
            messages.add(new StoredMessage(node.get("topic").asString(), text(node, "brokerName"),
                    node.get("queueId").asInt(), node.get("queueOffset").asLong(), text(node, "tags"),
                    text(node, "keys"), text(node, "uniqKey"), text(node, "offsetMsgId"),
                    node.get("bornTimestamp").asLong(), node.get("storeTimestamp").asLong(), node.get("sysFlag").asInt(),
                    node.get("flag").asInt(), node.get("reconsumeTimes").asInt(), Map.copyOf(properties),
                    Base64.getDecoder().decode(node.get("body").asString())));
        }
        if (!done) {
            throw new IllegalStateException("reading topic " + topic + " with the official consumer failed: " + lines);
        }
        return messages;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
