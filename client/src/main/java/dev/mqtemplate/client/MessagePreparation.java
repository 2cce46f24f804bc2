package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.CompressionResult;
import dev.mqtemplate.client.message.MessageIdGenerator;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.send.OutgoingMessage;
import java.util.LinkedHashMap;
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
        String id = ids.nextId();
        properties.put(MessageProperties.UNIQ_KEY, id);
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
}
