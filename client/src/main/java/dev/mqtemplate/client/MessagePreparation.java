package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.CompressionResult;
import dev.mqtemplate.client.message.MessageBatchEncoder;
import dev.mqtemplate.client.message.MessageIdGenerator;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.send.OutgoingMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link MQMessage} into what goes on the wire: validates every field, gives it a fresh UNIQ_KEY, encodes
 * the properties and compresses the body when it is large enough.
 */
final class MessagePreparation {

    private final MQClientConfig config;

    private final MessageIdGenerator ids;

    private final BodyCompressor compressor;

    private final SendMetrics metrics;

    MessagePreparation(MQClientConfig config, SendMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.ids = new MessageIdGenerator();
        this.compressor = new BodyCompressor(config.compressLevel(), config.compressThreshold());
    }

    OutgoingMessage prepare(MQMessage message) {
        String topic = validate(message);
        MessageValidator.checkDelayLevel(message.delayLevel(), config.maxDelayLevel());
        String id = ids.nextId();
        Map<String, String> properties = properties(message, id);
        int propertiesLength = MessageProperties.encodedUtf8Length(properties);
        MessageValidator.checkPropertiesLength(propertiesLength, null);

        long started = System.nanoTime();
        CompressionResult body = compressor.compressIfWorthIt(message.body());
        long compressNanos = compressor.reachesThreshold(message.body().length) ? System.nanoTime() - started : 0;
        metrics.bodyPrepared(topic, message.body().length, body.body().length, body.compressed(), compressNanos);
        MessageValidator.checkBodySize(body.body().length, message.body().length, config.maxMessageSize());
        return new OutgoingMessage(topic, id, MessageProperties.encode(properties), propertiesLength, body.body(),
                body.sysFlagBits(), message.flag(), message.body().length);
    }

    /**
     * Prepares a batch: every message checked as a single one would be, all to one topic with the same WAIT
     * setting and no delay (the broker refuses delayed batches), each with its own UNIQ_KEY; the encoded batch
     * within the broker's maxMessageSize. Batches are never compressed.
     */
    OutgoingMessage prepareBatch(List<MQMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new MQValidationException("messages", messages == null ? null : "[]", "must list at least one message");
        }
        String topic = null;
        boolean wait = true;
        List<MessageBatchEncoder.Entry> entries = new ArrayList<>(messages.size());
        List<String> messageIds = new ArrayList<>(messages.size());
        int longestProperties = 0;
        for (int i = 0; i < messages.size(); i++) {
            MQMessage message = messages.get(i);
            String messageTopic = validate(message);
            if (i == 0) {
                topic = messageTopic;
                wait = message.waitStoreMsgOk();
            } else if (!topic.equals(messageTopic)) {
                throw new MQValidationException("topic of batch message " + i, messageTopic,
                        "must be the batch's topic '" + topic + "': a batch goes to one queue");
            } else if (wait != message.waitStoreMsgOk()) {
                throw new MQValidationException("waitStoreMsgOk of batch message " + i, message.waitStoreMsgOk(),
                        "must be the same for every message of a batch");
            }
            if (message.delayLevel() != 0) {
                throw new MQValidationException("delay level of batch message " + i, message.delayLevel(),
                        "must be 0: the broker does not delay batches");
            }
            String id = ids.nextId();
            Map<String, String> properties = properties(message, id);
            longestProperties = Math.max(longestProperties, MessageProperties.encodedUtf8Length(properties));
            entries.add(new MessageBatchEncoder.Entry(message.body(), MessageProperties.encode(properties),
                    message.flag()));
            messageIds.add(id);
        }
        // the broker stores the batch-level properties with every message of the batch
        String batchProperties = MessageProperties.encode(Map.of(MessageProperties.WAIT, Boolean.toString(wait)));
        int storedPropertiesLength = longestProperties + MessageProperties.encodedUtf8Length(
                Map.of(MessageProperties.WAIT, Boolean.toString(wait)));
        MessageValidator.checkPropertiesLength(storedPropertiesLength, null);
        long encodedLength = MessageBatchEncoder.encodedLength(entries);
        if (encodedLength > config.maxMessageSize()) {
            String count = messages.size() + (messages.size() == 1 ? " message, " : " messages, ");
            throw new MQValidationException("batch", count + encodedLength + " bytes encoded",
                    "must encode to at most " + config.maxMessageSize() + " bytes (the broker's maxMessageSize)");
        }
        byte[] body = MessageBatchEncoder.encode(entries);
        metrics.bodyPrepared(topic, body.length, body.length, false, 0);
        return new OutgoingMessage(topic, String.join(",", messageIds), batchProperties, storedPropertiesLength, body,
                0, 0, body.length, true);
    }

    /** Checks what a message must satisfy on its own, batch or not, and returns its topic. */
    private static String validate(MQMessage message) {
        if (message == null) {
            throw new MQValidationException("message", null, "must not be null");
        }
        String topic = MessageValidator.checkTopic(message.topic());
        MessageValidator.checkBody(message.body());
        MessageValidator.checkTags(message.tags());
        MessageValidator.checkKeys(message.keys());
        MessageValidator.checkUserProperties(message.properties());
        return topic;
    }

    /** The properties a message is stored with: tags, keys, WAIT, delay, the user's, and its id. */
    private static Map<String, String> properties(MQMessage message, String id) {
        Map<String, String> properties = new LinkedHashMap<>(message.properties().size() + 6);
        if (message.tags() != null) {
            properties.put(MessageProperties.TAGS, message.tags());
        }
        if (!message.keys().isEmpty()) {
            properties.put(MessageProperties.KEYS, String.join(MessageProperties.KEY_SEPARATOR, message.keys()));
        }
        properties.put(MessageProperties.WAIT, Boolean.toString(message.waitStoreMsgOk()));
        if (message.delayLevel() > 0) {
            properties.put(MessageProperties.DELAY, Integer.toString(message.delayLevel()));
        }
        properties.putAll(message.properties());
        properties.put(MessageProperties.UNIQ_KEY, id);
        return properties;
    }
}
