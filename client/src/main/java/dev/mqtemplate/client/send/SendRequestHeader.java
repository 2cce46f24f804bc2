package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.send.SendRequestEncoder.BATCH;
import static dev.mqtemplate.client.send.SendRequestEncoder.BORN_TIMESTAMP;
import static dev.mqtemplate.client.send.SendRequestEncoder.BROKER_NAME;
import static dev.mqtemplate.client.send.SendRequestEncoder.DEFAULT_TOPIC;
import static dev.mqtemplate.client.send.SendRequestEncoder.DEFAULT_TOPIC_QUEUE_NUMS;
import static dev.mqtemplate.client.send.SendRequestEncoder.FLAG;
import static dev.mqtemplate.client.send.SendRequestEncoder.PRODUCER_GROUP;
import static dev.mqtemplate.client.send.SendRequestEncoder.PROPERTIES;
import static dev.mqtemplate.client.send.SendRequestEncoder.QUEUE_ID;
import static dev.mqtemplate.client.send.SendRequestEncoder.RECONSUME_TIMES;
import static dev.mqtemplate.client.send.SendRequestEncoder.SYS_FLAG;
import static dev.mqtemplate.client.send.SendRequestEncoder.TOPIC;
import static dev.mqtemplate.client.send.SendRequestEncoder.UNIT_MODE;

import dev.mqtemplate.client.protocol.BinaryOutput;
import dev.mqtemplate.client.protocol.CustomHeader;
import dev.mqtemplate.client.protocol.JsonOutput;
import dev.mqtemplate.client.route.RouteCache;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SEND_MESSAGE_V2 (or SEND_BATCH_MESSAGE) header of one request, writing itself into the frame: constant keys and values are bytes
 * prepared once per producer group ({@link Constants}), numbers go out as digits, and only the topic, properties and
 * broker name are escaped per send. Fields in the order a, b, c, d, e, f, g, h, i, j, k, m, n, the order the
 * official producer's map has them. Immutable.
 */
final class SendRequestHeader implements CustomHeader {

    private static final String RECONSUME_TIMES_VALUE = "0";

    private static final String FALSE = "false";

    private static final String DEFAULT_TOPIC_QUEUE_NUMS_VALUE = Integer.toString(RouteCache.DEFAULT_TOPIC_QUEUE_NUMS);

    private static final byte[] JSON_AFTER_TOPIC = ascii(",\"" + DEFAULT_TOPIC + "\":\"" + RouteCache.DEFAULT_TOPIC
            + "\",\"" + DEFAULT_TOPIC_QUEUE_NUMS + "\":\"" + DEFAULT_TOPIC_QUEUE_NUMS_VALUE + "\",\"" + QUEUE_ID
            + "\":\"");

    private static final byte[] JSON_BEFORE_SYS_FLAG = jsonBetweenQuotedValues(SYS_FLAG);

    private static final byte[] JSON_BEFORE_BORN_TIMESTAMP = jsonBetweenQuotedValues(BORN_TIMESTAMP);

    private static final byte[] JSON_BEFORE_FLAG = jsonBetweenQuotedValues(FLAG);

    private static final byte[] JSON_BEFORE_PROPERTIES = ascii("\",\"" + PROPERTIES + "\":");

    private static final byte[] JSON_BEFORE_BROKER_NAME = jsonBeforeBrokerName(FALSE);

    private static final byte[] JSON_BEFORE_BROKER_NAME_IN_BATCH = jsonBeforeBrokerName("true");

    private static final byte[] BINARY_TOPIC_KEY = BinaryOutput.key(TOPIC);

    private static final byte[] BINARY_DEFAULTS = concat(BinaryOutput.entry(DEFAULT_TOPIC, RouteCache.DEFAULT_TOPIC),
            BinaryOutput.entry(DEFAULT_TOPIC_QUEUE_NUMS, DEFAULT_TOPIC_QUEUE_NUMS_VALUE));

    private static final byte[] BINARY_QUEUE_ID_KEY = BinaryOutput.key(QUEUE_ID);

    private static final byte[] BINARY_SYS_FLAG_KEY = BinaryOutput.key(SYS_FLAG);

    private static final byte[] BINARY_BORN_TIMESTAMP_KEY = BinaryOutput.key(BORN_TIMESTAMP);

    private static final byte[] BINARY_FLAG_KEY = BinaryOutput.key(FLAG);

    private static final byte[] BINARY_PROPERTIES_KEY = BinaryOutput.key(PROPERTIES);

    private static final byte[] BINARY_CONSTANT_FLAGS = binaryFlags(FALSE);

    private static final byte[] BINARY_CONSTANT_FLAGS_IN_BATCH = binaryFlags("true");

    private static final byte[] BINARY_BROKER_NAME_KEY = BinaryOutput.key(BROKER_NAME);

    private final Constants constants;

    private final String topic;

    private final int queueId;

    private final int sysFlag;

    private final long bornTimestamp;

    private final int flag;

    private final String properties;

    private final String brokerName;

    private final boolean batch;

    SendRequestHeader(Constants constants, String topic, int queueId, int sysFlag, long bornTimestamp, int flag,
            String properties, String brokerName, boolean batch) {
        this.batch = batch;
        this.constants = constants;
        this.topic = topic;
        this.queueId = queueId;
        this.sysFlag = sysFlag;
        this.bornTimestamp = bornTimestamp;
        this.flag = flag;
        this.properties = properties;
        this.brokerName = brokerName;
    }

    @Override
    public void writeJson(ByteBuf out) {
        out.writeBytes(constants.jsonHead);
        JsonOutput.writeString(out, topic);
        out.writeBytes(JSON_AFTER_TOPIC);
        JsonOutput.writeDecimal(out, queueId);
        out.writeBytes(JSON_BEFORE_SYS_FLAG);
        JsonOutput.writeDecimal(out, sysFlag);
        out.writeBytes(JSON_BEFORE_BORN_TIMESTAMP);
        JsonOutput.writeDecimal(out, bornTimestamp);
        out.writeBytes(JSON_BEFORE_FLAG);
        JsonOutput.writeDecimal(out, flag);
        out.writeBytes(JSON_BEFORE_PROPERTIES);
        JsonOutput.writeString(out, properties);
        out.writeBytes(batch ? JSON_BEFORE_BROKER_NAME_IN_BATCH : JSON_BEFORE_BROKER_NAME);
        JsonOutput.writeString(out, brokerName);
        out.writeByte('}');
    }

    @Override
    public void writeBinary(ByteBuf out) {
        out.writeBytes(constants.binaryProducerGroup);
        BinaryOutput.writeEntry(out, BINARY_TOPIC_KEY, topic);
        out.writeBytes(BINARY_DEFAULTS);
        BinaryOutput.writeEntry(out, BINARY_QUEUE_ID_KEY, queueId);
        BinaryOutput.writeEntry(out, BINARY_SYS_FLAG_KEY, sysFlag);
        BinaryOutput.writeEntry(out, BINARY_BORN_TIMESTAMP_KEY, bornTimestamp);
        BinaryOutput.writeEntry(out, BINARY_FLAG_KEY, flag);
        BinaryOutput.writeEntry(out, BINARY_PROPERTIES_KEY, properties);
        out.writeBytes(batch ? BINARY_CONSTANT_FLAGS_IN_BATCH : BINARY_CONSTANT_FLAGS);
        BinaryOutput.writeEntry(out, BINARY_BROKER_NAME_KEY, brokerName);
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> header = new LinkedHashMap<>(32);
        header.put(PRODUCER_GROUP, constants.producerGroup);
        header.put(TOPIC, topic);
        header.put(DEFAULT_TOPIC, RouteCache.DEFAULT_TOPIC);
        header.put(DEFAULT_TOPIC_QUEUE_NUMS, DEFAULT_TOPIC_QUEUE_NUMS_VALUE);
        header.put(QUEUE_ID, Integer.toString(queueId));
        header.put(SYS_FLAG, Integer.toString(sysFlag));
        header.put(BORN_TIMESTAMP, Long.toString(bornTimestamp));
        header.put(FLAG, Integer.toString(flag));
        header.put(PROPERTIES, properties);
        header.put(RECONSUME_TIMES, RECONSUME_TIMES_VALUE);
        header.put(UNIT_MODE, FALSE);
        header.put(BATCH, batch ? "true" : FALSE);
        header.put(BROKER_NAME, brokerName);
        return header;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    private static byte[] jsonBeforeBrokerName(String batch) {
        return ascii(",\"" + RECONSUME_TIMES + "\":\"" + RECONSUME_TIMES_VALUE + "\",\"" + UNIT_MODE + "\":\"" + FALSE
                + "\",\"" + BATCH + "\":\"" + batch + "\",\"" + BROKER_NAME + "\":");
    }

    private static byte[] binaryFlags(String batch) {
        return concat(BinaryOutput.entry(RECONSUME_TIMES, RECONSUME_TIMES_VALUE), BinaryOutput.entry(UNIT_MODE, FALSE),
                BinaryOutput.entry(BATCH, batch));
    }

    private static byte[] jsonBetweenQuotedValues(String key) {
        return ascii("\",\"" + key + "\":\"");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] bytes = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, bytes, offset, part.length);
            offset += part.length;
        }
        return bytes;
    }

    /** The bytes that depend on the producer group only, prepared once per encoder. */
    static final class Constants {

        final String producerGroup;

        /** {@code {"a":"<group>","b":} */
        final byte[] jsonHead;

        final byte[] binaryProducerGroup;

        Constants(String producerGroup) {
            this.producerGroup = producerGroup;
            byte[] group = JsonOutput.quoted(producerGroup);
            this.jsonHead = concat(ascii("{\"" + PRODUCER_GROUP + "\":"), group, ascii(",\"" + TOPIC + "\":"));
            this.binaryProducerGroup = BinaryOutput.entry(PRODUCER_GROUP, producerGroup);
        }
    }
}
