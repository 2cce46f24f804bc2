package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.CompressionResult;
import dev.mqtemplate.client.message.MessageIdGenerator;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.send.OutgoingMessage;
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
        if (message == null) {
            throw new MQValidationException("message", null, "must not be null");
        }
        String topic = MessageValidator.checkTopic(message.topic());
        MessageValidator.checkBody(message.body());
        MessageValidator.checkTags(message.tags());
        MessageValidator.checkKeys(message.keys());
        MessageValidator.checkUserProperties(message.properties());
        MessageValidator.checkDelayLevel(message.delayLevel(), config.maxDelayLevel());

        // Encoded straight into the string that goes on the wire, in the order TAGS, KEYS, WAIT, DELAY, the user's,
        // UNIQ_KEY: no map in between (user properties cannot use these reserved names, so nothing is overwritten).
        String id = ids.nextId();
        StringBuilder encoded = new StringBuilder(propertiesCapacity(message, id));
        if (message.tags() != null) {
            MessageProperties.append(encoded, MessageProperties.TAGS, message.tags());
        }
        if (!message.keys().isEmpty()) {
            encoded.append(MessageProperties.KEYS).append(MessageProperties.NAME_VALUE_SEPARATOR);
            for (int i = 0; i < message.keys().size(); i++) {
                encoded.append(i == 0 ? "" : MessageProperties.KEY_SEPARATOR).append(message.keys().get(i));
            }
            encoded.append(MessageProperties.PROPERTY_SEPARATOR);
        }
        MessageProperties.append(encoded, MessageProperties.WAIT, message.waitStoreMsgOk() ? "true" : "false");
        if (message.delayLevel() > 0) {
            encoded.append(MessageProperties.DELAY).append(MessageProperties.NAME_VALUE_SEPARATOR)
                    .append(message.delayLevel()).append(MessageProperties.PROPERTY_SEPARATOR);
        }
        if (!message.properties().isEmpty()) {
            for (Map.Entry<String, String> property : message.properties().entrySet()) {
                MessageProperties.append(encoded, property.getKey(), property.getValue());
            }
        }
        MessageProperties.append(encoded, MessageProperties.UNIQ_KEY, id);
        String properties = encoded.toString();
        int propertiesLength = MessageProperties.utf8Length(properties);
        MessageValidator.checkPropertiesLength(propertiesLength, null);

        long started = System.nanoTime();
        CompressionResult body = compressor.compressIfWorthIt(message.body());
        long compressNanos = compressor.reachesThreshold(message.body().length) ? System.nanoTime() - started : 0;
        metrics.bodyPrepared(topic, message.body().length, body.body().length, body.compressed(), compressNanos);
        MessageValidator.checkBodySize(body.body().length, message.body().length, config.maxMessageSize());
        return new OutgoingMessage(topic, id, properties, propertiesLength, body.body(),
                body.sysFlagBits(), message.flag(), message.body().length);
    }

    /** Characters the encoded properties take, so the builder never grows: about 40 plus what the message brings. */
    private static int propertiesCapacity(MQMessage message, String id) {
        int capacity = 48 + id.length() + (message.tags() != null ? message.tags().length() : 0);
        // indexes and isEmpty rather than iterators: this runs for every send, and most messages have neither
        for (int i = 0; i < message.keys().size(); i++) {
            capacity += message.keys().get(i).length() + 1;
        }
        if (!message.properties().isEmpty()) {
            for (Map.Entry<String, String> property : message.properties().entrySet()) {
                capacity += property.getKey().length() + property.getValue().length() + 2;
            }
        }
        return capacity;
    }
}
