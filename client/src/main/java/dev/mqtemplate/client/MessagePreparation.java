package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.CompressionResult;
import dev.mqtemplate.client.message.MessageBatchEncoder;
import dev.mqtemplate.client.protocol.BodyWriter;
import dev.mqtemplate.client.message.MessageIdGenerator;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.MessageSysFlag;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.route.Namespace;
import dev.mqtemplate.client.send.OutgoingMessage;
import java.util.ArrayList;
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

    /** Checks that each topic still fits the broker's line once the namespace is added. */
    private final Namespace namespace;

    MessagePreparation(MQClientConfig config, SendMetrics metrics) {
        this(config, metrics, Namespace.of(config.namespace()));
    }

    MessagePreparation(MQClientConfig config, SendMetrics metrics, Namespace namespace) {
        this.namespace = namespace;
        this.config = config;
        this.metrics = metrics;
        this.ids = new MessageIdGenerator();
        this.compressor = new BodyCompressor(config.compressionType(), config.compressLevel(),
                config.compressThreshold());
    }

    /** Frees the compressor's codecs; sends still finishing compress with codecs of their own. */
    void close() {
        compressor.close();
    }

    OutgoingMessage prepare(MQMessage message) {
        String topic = validate(message);
        MessageValidator.checkDelayLevel(message.delayLevel(), config.maxDelayLevel());
        checkTimer(message);
        String id = ids.nextId();
        String properties = encodeProperties(message, id);
        int propertiesLength = MessageProperties.utf8Length(properties);
        MessageValidator.checkPropertiesLength(propertiesLength, null);

        long started = System.nanoTime();
        CompressionResult body = compressor.compressIfWorthIt(message.body());
        long compressNanos = compressor.reachesThreshold(message.body().length) ? System.nanoTime() - started : 0;
        metrics.bodyPrepared(topic, message.body().length, body.body().length, body.compressed(), compressNanos);
        MessageValidator.checkBodySize(body.body().length, message.body().length, config.maxMessageSize());
        return new OutgoingMessage(topic, id, properties, propertiesLength, body.body(),
                body.sysFlagBits(), message.flag(), message.body().length, null, message.delayLevel());
    }

    /**
     * Prepares the half message of a transaction: as a single message, with {@code TRAN_MSG=true}, the producer group
     * ({@code PGROUP}, which the broker's END_TRANSACTION and check-back match) and the prepared sysFlag. The broker
     * neither delays nor orders half messages, so a delay level, a timer or an ordering option is refused.
     */
    OutgoingMessage prepareTransactional(MQMessage message, String producerGroup) {
        if (message != null && message.delayLevel() > 0) {
            throw new MQValidationException("delayLevel", message.delayLevel(),
                    "must be 0 for a transactional message: the broker does not delay half messages");
        }
        if (message != null && message.isTimer()) {
            throw new MQValidationException("timer", message.deliverAt() != null ? message.deliverAt() : message.delay(),
                    "must not be set on a transactional message");
        }
        if (message != null && message.isOrdered()) {
            throw new MQValidationException("ordering", message.shardingKey() != null ? message.shardingKey() : "set",
                    "must not be set on a transactional message: its queue is the broker's half-message queue");
        }
        OutgoingMessage single = prepare(message);
        StringBuilder encoded = new StringBuilder(single.properties());
        MessageProperties.append(encoded, MessageProperties.TRAN_MSG, "true");
        MessageProperties.append(encoded, MessageProperties.PGROUP, producerGroup);
        String properties = encoded.toString();
        int propertiesLength = MessageProperties.utf8Length(properties);
        MessageValidator.checkPropertiesLength(propertiesLength, null);
        return new OutgoingMessage(single.topic(), single.messageId(), properties, propertiesLength, single.body(),
                single.sysFlag() | MessageSysFlag.TRANSACTION_PREPARED, single.flag(), single.originalBodySize(), null,
                0);
    }

    /**
     * Prepares the request of a request-reply call: as a single message, with the properties a responder's
     * {@code MessageUtil.createReplyMessage} copies into its reply and the broker routes it by: {@code CORRELATION_ID}
     * (which request a reply answers), {@code REPLY_TO_CLIENT} (the client id the broker pushes the reply to: the one
     * this client's heartbeats register) and {@code TTL} (the call's timeout in milliseconds). They count towards the
     * properties' length line like any other.
     */
    OutgoingMessage prepareRequest(MQMessage message, String correlationId, String clientId, long timeoutMillis) {
        OutgoingMessage single = prepare(message);
        StringBuilder properties = new StringBuilder(single.properties());
        MessageProperties.append(properties, MessageProperties.CORRELATION_ID, correlationId);
        MessageProperties.append(properties, MessageProperties.REPLY_TO_CLIENT, clientId);
        MessageProperties.append(properties, MessageProperties.TTL, Long.toString(timeoutMillis));
        String encoded = properties.toString();
        int propertiesLength = MessageProperties.utf8Length(encoded);
        MessageValidator.checkPropertiesLength(propertiesLength, null);
        return new OutgoingMessage(single.topic(), single.messageId(), encoded, propertiesLength, single.body(),
                single.sysFlag(), single.flag(), single.originalBodySize(), null, single.delayLevel());
    }

    /**
     * Prepares a batch as one request: as {@link #prepareBatchRequests}, refusing a batch that does not fit one
     * request within the broker's maxMessageSize.
     */
    OutgoingMessage prepareBatch(List<MQMessage> messages) {
        List<OutgoingMessage> requests = prepareBatchRequests(messages, false);
        return requests.get(0);
    }

    /**
     * Prepares a batch: every message checked as a single one would be, all to one topic with the same WAIT
     * setting, the same ordering and no delay (the broker refuses delayed batches), each with its own UNIQ_KEY. The
     * messages are packed, in order, into as few requests as fit the broker's maxMessageSize each; with
     * {@code split} false, a batch needing more than one is refused. Their bodies are compressed, all or none, see
     * {@link #compressBodies}.
     */
    List<OutgoingMessage> prepareBatchRequests(List<MQMessage> messages, boolean split) {
        if (messages == null || messages.isEmpty()) {
            throw new MQValidationException("messages", messages == null ? null : "[]", "must list at least one message");
        }
        String topic = null;
        boolean wait = true;
        List<MessageBatchEncoder.Entry> entries = new ArrayList<>(messages.size());
        List<String> messageIds = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            MQMessage message = messages.get(i);
            String messageTopic = validate(message);
            if (i == 0) {
                topic = messageTopic;
                wait = message.waitStoreMsgOk();
            } else if (!topic.equals(messageTopic)) {
                throw new MQValidationException("topic of batch message " + i, messageTopic,
                        "must be the batch's topic '" + topic + "': a batch goes to one queue");
            } else if (!sameOrdering(messages.get(0), message)) {
                throw new MQValidationException("ordering of batch message " + i, describeOrdering(message),
                        "must be the batch's (" + describeOrdering(messages.get(0)) + "): a batch goes to one queue");
            } else if (wait != message.waitStoreMsgOk()) {
                throw new MQValidationException("waitStoreMsgOk of batch message " + i, message.waitStoreMsgOk(),
                        "must be the same for every message of a batch");
            }
            if (message.delayLevel() != 0) {
                throw new MQValidationException("delay level of batch message " + i, message.delayLevel(),
                        "must be 0: the broker does not delay batches");
            }
            if (message.isTimer()) {
                // a 5.3.3 broker stores a batch's timer properties and delivers its messages at once
                boolean deliverAt = message.deliverAt() != null;
                throw new MQValidationException((deliverAt ? "deliverAt" : "delay") + " of batch message " + i,
                        deliverAt ? message.deliverAt() : message.delay(), "must be null: the broker does not delay "
                                + "batches (it stores their timer properties and delivers at once)");
            }
            String id = ids.nextId();
            String properties = encodeProperties(message, id);
            int propertiesLength = MessageProperties.utf8Length(properties);
            entries.add(new MessageBatchEncoder.Entry(message.body(), properties, propertiesLength, message.flag()));
            messageIds.add(id);
        }
        // the broker stores the batch-level properties with every message of the batch
        String batchProperties = MessageProperties.append(new StringBuilder(), MessageProperties.WAIT,
                wait ? "true" : "false").toString();
        int batchPropertiesLength = MessageProperties.utf8Length(batchProperties);
        int sysFlag = compressBodies(topic, entries);
        long encodedLength = MessageBatchEncoder.encodedLength(entries);
        if (encodedLength <= config.maxMessageSize()) {
            return List.of(request(topic, entries, messageIds, batchProperties, batchPropertiesLength, sysFlag));
        }
        if (!split) {
            String count = messages.size() + (messages.size() == 1 ? " message, " : " messages, ");
            throw new MQValidationException("batch", count + encodedLength + " bytes encoded",
                    "must encode to at most " + config.maxMessageSize() + " bytes (the broker's maxMessageSize)");
        }
        // pack in order: each request takes as many of the next messages as fit
        List<OutgoingMessage> requests = new ArrayList<>();
        int from = 0;
        long length = 0;
        for (int i = 0; i < entries.size(); i++) {
            long entryLength = MessageBatchEncoder.encodedLength(List.of(entries.get(i)));
            if (entryLength > config.maxMessageSize()) {
                throw new MQValidationException("batch message " + i, entryLength + " bytes encoded",
                        "must encode to at most " + config.maxMessageSize() + " bytes on its own (the broker's "
                                + "maxMessageSize)");
            }
            if (length + entryLength > config.maxMessageSize()) {
                requests.add(request(topic, List.copyOf(entries.subList(from, i)), messageIds.subList(from, i),
                        batchProperties, batchPropertiesLength, sysFlag));
                from = i;
                length = 0;
            }
            length += entryLength;
        }
        requests.add(request(topic, List.copyOf(entries.subList(from, entries.size())),
                messageIds.subList(from, entries.size()), batchProperties, batchPropertiesLength, sysFlag));
        return requests;
    }

    /**
     * Compresses every body of a batch, in place, when together they reach the compression threshold and the codec
     * makes them smaller; returns the batch's sysFlag (compressed and the codec's type bits, or 0). One flag covers
     * every record of a batch, so it is all or none: a 5.3.3 broker gives each stored message the batch's flag, and
     * the official consumer decompresses each, with any codec ({@code BatchIntegrationTests},
     * {@code CompressionIntegrationTests}).
     */
    private int compressBodies(String topic, List<MessageBatchEncoder.Entry> entries) {
        long original = 0;
        for (MessageBatchEncoder.Entry entry : entries) {
            original += entry.body().length;
        }
        if (original < compressor.threshold()) {
            metrics.bodyPrepared(topic, (int) Math.min(Integer.MAX_VALUE, original),
                    (int) Math.min(Integer.MAX_VALUE, original), false, 0);
            return 0;
        }
        long started = System.nanoTime();
        List<byte[]> compressed = new ArrayList<>(entries.size());
        long sent = 0;
        long seen = 0;
        for (MessageBatchEncoder.Entry entry : entries) {
            byte[] body = compressor.compress(entry.body());
            compressed.add(body);
            sent += body.length;
            seen += entry.body().length;
            if (sent >= seen) {
                // not shrinking so far (random or already compressed bodies): stop paying for the rest, which is
                // most of the cost of a batch of small incompressible messages (32 deflates per request)
                break;
            }
        }
        long compressNanos = System.nanoTime() - started;
        if (sent >= seen) {
            metrics.bodyPrepared(topic, (int) Math.min(Integer.MAX_VALUE, original),
                    (int) Math.min(Integer.MAX_VALUE, original), false, compressNanos);
            return 0;
        }
        for (int i = 0; i < entries.size(); i++) {
            MessageBatchEncoder.Entry entry = entries.get(i);
            entries.set(i, new MessageBatchEncoder.Entry(compressed.get(i), entry.properties(),
                    entry.propertiesLength(), entry.flag()));
        }
        metrics.bodyPrepared(topic, (int) Math.min(Integer.MAX_VALUE, original), (int) sent, true, compressNanos);
        return compressor.sysFlagBits();
    }

    /** One SEND_BATCH_MESSAGE request of the given messages; {@code entries} is handed over, not copied. */
    private OutgoingMessage request(String topic, List<MessageBatchEncoder.Entry> entries, List<String> messageIds,
            String batchProperties, int batchPropertiesLength, int sysFlag) {
        int longestProperties = 0;
        for (MessageBatchEncoder.Entry entry : entries) {
            longestProperties = Math.max(longestProperties, entry.propertiesLength());
        }
        int storedPropertiesLength = longestProperties + batchPropertiesLength;
        MessageValidator.checkPropertiesLength(storedPropertiesLength, null);
        BodyWriter body = MessageBatchEncoder.writer(entries);
        return new OutgoingMessage(topic, String.join(",", messageIds), batchProperties, storedPropertiesLength, null,
                sysFlag, 0, body.length(), body);
    }

    private static boolean sameOrdering(MQMessage first, MQMessage other) {
        return java.util.Objects.equals(first.shardingKey(), other.shardingKey())
                && java.util.Objects.equals(first.queue(), other.queue())
                && first.queueSelector() == other.queueSelector();
    }

    private static String describeOrdering(MQMessage message) {
        return "sharding key " + message.shardingKey() + ", queue " + message.queue() + ", selector "
                + (message.queueSelector() == null ? "none" : "set");
    }

    private void checkTimer(MQMessage message) {
        if (message.isTimer()) {
            MessageValidator.checkTimer(message.deliverAt(), message.delay(), message.delayLevel(),
                    config.timerMaxDelay(), System.currentTimeMillis());
        }
    }

    /**
     * Checks what a message must satisfy on its own, batch or not, and returns its topic (the user's: the namespace
     * is added only where the topic is written on the wire).
     */
    private String validate(MQMessage message) {
        if (message == null) {
            throw new MQValidationException("message", null, "must not be null");
        }
        String topic = namespace.checkTopic(MessageValidator.checkTopic(message.topic()));
        MessageValidator.checkBody(message.body());
        MessageValidator.checkTags(message.tags());
        MessageValidator.checkKeys(message.keys());
        MessageValidator.checkUserProperties(message.properties());
        if (message.shardingKey() != null) {
            MessageValidator.checkShardingKey(message.shardingKey());
        }
        if (message.queue() != null && !message.queue().topic().equals(topic)) {
            throw new MQValidationException("queue", message.queue(), "must be a queue of the message's topic '"
                    + topic + "'");
        }
        return topic;
    }

    /**
     * The encoded properties a message is stored with, in the order TAGS, KEYS, WAIT, DELAY, the timer, the user's,
     * UNIQ_KEY: written straight into the string that goes on the wire, no map in between (user properties cannot use
     * these reserved names, so nothing is overwritten).
     */
    private static String encodeProperties(MQMessage message, String id) {
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
        if (message.isTimer()) {
            // what the official client's setDeliverTimeMs and setDelayTimeMs set
            MessageProperties.append(encoded, timerProperty(message), timerValue(message));
        }
        if (!message.properties().isEmpty()) {
            for (Map.Entry<String, String> property : message.properties().entrySet()) {
                MessageProperties.append(encoded, property.getKey(), property.getValue());
            }
        }
        if (message.shardingKey() != null) {
            MessageProperties.append(encoded, MessageProperties.SHARDING_KEY, message.shardingKey());
        }
        MessageProperties.append(encoded, MessageProperties.UNIQ_KEY, id);
        return encoded.toString();
    }

    /**
     * Exactly the characters the encoded properties take, so the builder neither grows nor holds spare room: each
     * property is its name, its value and two separators.
     */
    static int propertiesCapacity(MQMessage message, String id) {
        int capacity = property(MessageProperties.WAIT, message.waitStoreMsgOk() ? 4 : 5)
                + property(MessageProperties.UNIQ_KEY, id.length());
        if (message.tags() != null) {
            capacity += property(MessageProperties.TAGS, message.tags().length());
        }
        // indexes and isEmpty rather than iterators: this runs for every send, and most messages have neither
        if (!message.keys().isEmpty()) {
            int keys = message.keys().size() - 1; // the separators between them
            for (int i = 0; i < message.keys().size(); i++) {
                keys += message.keys().get(i).length();
            }
            capacity += property(MessageProperties.KEYS, keys);
        }
        if (message.delayLevel() > 0) {
            capacity += property(MessageProperties.DELAY, Integer.toString(message.delayLevel()).length());
        }
        if (message.isTimer()) {
            capacity += property(timerProperty(message), timerValue(message).length());
        }
        if (!message.properties().isEmpty()) {
            for (Map.Entry<String, String> property : message.properties().entrySet()) {
                capacity += property(property.getKey(), property.getValue().length());
            }
        }
        if (message.shardingKey() != null) {
            capacity += property(MessageProperties.SHARDING_KEY, message.shardingKey().length());
        }
        return capacity;
    }

    private static String timerProperty(MQMessage message) {
        return message.deliverAt() != null ? MessageProperties.TIMER_DELIVER_MS : MessageProperties.TIMER_DELAY_MS;
    }

    private static String timerValue(MQMessage message) {
        return Long.toString(message.deliverAt() != null ? message.deliverAt().toEpochMilli()
                : message.delay().toMillis());
    }

    private static int property(String name, int valueLength) {
        return name.length() + valueLength + 2;
    }
}
