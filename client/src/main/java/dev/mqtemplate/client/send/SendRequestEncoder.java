package dev.mqtemplate.client.send;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.RouteCache;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE requests with every field the official producer sends, under the single-letter wire keys of
 * SendMessageRequestHeaderV2.
 */
public class SendRequestEncoder {

    static final String PRODUCER_GROUP = "a";
    static final String TOPIC = "b";
    static final String DEFAULT_TOPIC = "c";
    static final String DEFAULT_TOPIC_QUEUE_NUMS = "d";
    static final String QUEUE_ID = "e";
    static final String SYS_FLAG = "f";
    static final String BORN_TIMESTAMP = "g";
    static final String FLAG = "h";
    static final String PROPERTIES = "i";
    static final String RECONSUME_TIMES = "j";
    static final String UNIT_MODE = "k";
    static final String BATCH = "m";
    static final String BROKER_NAME = "n";

    private final String producerGroup;

    private final String defaultTopicQueueNums = Integer.toString(RouteCache.DEFAULT_TOPIC_QUEUE_NUMS);

    public SendRequestEncoder(String producerGroup) {
        this.producerGroup = producerGroup;
    }

    public String producerGroup() {
        return producerGroup;
    }

    /** The request that stores {@code message} in {@code queue}, born now. */
    public RemotingCommand encode(OutgoingMessage message, MessageQueue queue) {
        Map<String, String> header = new LinkedHashMap<>(16);
        header.put(PRODUCER_GROUP, producerGroup);
        header.put(TOPIC, message.topic());
        header.put(DEFAULT_TOPIC, RouteCache.DEFAULT_TOPIC);
        header.put(DEFAULT_TOPIC_QUEUE_NUMS, defaultTopicQueueNums);
        header.put(QUEUE_ID, Integer.toString(queue.queueId()));
        header.put(SYS_FLAG, Integer.toString(message.sysFlag()));
        header.put(BORN_TIMESTAMP, Long.toString(System.currentTimeMillis()));
        header.put(FLAG, Integer.toString(message.flag()));
        header.put(PROPERTIES, message.properties());
        header.put(RECONSUME_TIMES, "0");
        header.put(UNIT_MODE, "false");
        header.put(BATCH, message.batch() ? "true" : "false");
        header.put(BROKER_NAME, queue.brokerName());
        // the broker takes the batch path on the header's batch flag; the code says the same for readers of the wire
        return RemotingCommand.request(message.batch() ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2,
                header, message.body());
    }
}
