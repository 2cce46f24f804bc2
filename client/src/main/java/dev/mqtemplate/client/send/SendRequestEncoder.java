package dev.mqtemplate.client.send;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.Namespace;
import java.util.Objects;

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

    private final SendRequestHeader.Constants constants;

    /** Turns the message's (user's) topic into the one the broker stores. */
    private final Namespace namespace;

    public SendRequestEncoder(String producerGroup) {
        this(producerGroup, Namespace.NONE);
    }

    /** As above; {@code producerGroup} is the stored (wrapped) group, topics are wrapped by {@code namespace}. */
    public SendRequestEncoder(String producerGroup, Namespace namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.producerGroup = producerGroup;
        this.constants = (producerGroup != null) ? new SendRequestHeader.Constants(producerGroup) : null;
    }

    public String producerGroup() {
        return producerGroup;
    }

    /** The request that stores {@code message} in {@code queue}, born now. */
    public RemotingCommand encode(OutgoingMessage message, MessageQueue queue) {
        return encode(message, queue, System.currentTimeMillis());
    }

    /** The request that stores {@code message} in {@code queue}, born at {@code bornTimestamp} (epoch millis). */
    RemotingCommand encode(OutgoingMessage message, MessageQueue queue, long bornTimestamp) {
        // The header writes itself into the frame: no map, no per-field strings on the send path.
        Objects.requireNonNull(constants, "producer group must not be null");
        SendRequestHeader header = new SendRequestHeader(constants,
                namespace.wrap(Objects.requireNonNull(message.topic(), "topic")),
                queue.queueId(), message.sysFlag(), bornTimestamp, message.flag(),
                Objects.requireNonNull(message.properties(), "properties"),
                Objects.requireNonNull(queue.brokerName(), "broker name"), message.batch());
        // the broker takes the batch path on the header's batch flag; the code says the same for readers of the wire
        return message.batch()
                ? RemotingCommand.requestWithHeader(RequestCode.SEND_BATCH_MESSAGE, header, message.batchBody())
                : RemotingCommand.requestWithHeader(RequestCode.SEND_MESSAGE_V2, header, message.body());
    }
}
