package dev.mqtemplate.autoconfigure.messaging;

import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.Destination;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQOperations;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends application objects and Spring {@link Message}s through an {@link MQOperations} (the auto-configured
 * {@code MQTemplate}): the payload becomes the body through the {@link MQMessageConverter} ({@code byte[]} and
 * {@code String} as they are, other objects as JSON written by the application's {@code JsonMapper}), its content type
 * the {@code contentType} property, and the headers become properties, read as {@code RocketMQTemplate} reads them
 * (see {@link MQHeaders}). A destination is {@code topic} or {@code topic:tags}.
 *
 * <p>Failures are those of {@link MQOperations}: every one an {@link MQException}. A payload that cannot be converted
 * or a header that cannot be stored is an {@link MQValidationException}, thrown by the blocking calls and given as a
 * failed future by the async ones, before anything goes to the network. Thread-safe; holds no resources of its own.
 */
public class MQMessagingTemplate {

    private final MQOperations operations;

    private final MQMessageConverter converter;

    private final String defaultDestination;

    /**
     * @param operations where messages go
     * @param converter turns payloads into bodies
     * @param defaultDestination where {@link #convertAndSend(Object)} and {@link #send(Message)} send, or {@code null}
     */
    public MQMessagingTemplate(MQOperations operations, MQMessageConverter converter, String defaultDestination) {
        this.operations = operations;
        this.converter = converter;
        this.defaultDestination = defaultDestination;
    }

    /** Converts and sends to the default destination ({@code mq.template.default-destination}), synchronously. */
    public SendResult convertAndSend(Object payload) {
        return convertAndSend(defaultDestination(), payload);
    }

    /** Converts and sends to {@code topic} or {@code topic:tags}, synchronously. A {@link Message} is sent as {@link #send(String, Message)} sends it. */
    public SendResult convertAndSend(String destination, Object payload) {
        return convertAndSend(destination, payload, null);
    }

    /** Converts and sends with these headers (keys, tags, user properties: see {@link MQHeaders}), synchronously. */
    public SendResult convertAndSend(String destination, Object payload, Map<String, Object> headers) {
        return operations.send(toMQMessage(destination, payload, headers));
    }

    /** As {@link #convertAndSend(String, Object)}, asynchronously. */
    public CompletableFuture<SendResult> convertAndSendAsync(String destination, Object payload) {
        return convertAndSendAsync(destination, payload, null);
    }

    /** As {@link #convertAndSend(String, Object, Map)}, asynchronously. */
    public CompletableFuture<SendResult> convertAndSendAsync(String destination, Object payload,
            Map<String, Object> headers) {
        return async(() -> toMQMessage(destination, payload, headers), operations::sendAsync);
    }

    /** As {@link #convertAndSend(String, Object)}, one way: returns once the request is written, no answer. */
    public void convertAndSendOneway(String destination, Object payload) {
        operations.sendOneway(toMQMessage(destination, payload, null));
    }

    /**
     * Converts each payload and stores them as one batch in one queue, in order, synchronously (see
     * {@link MQOperations#sendBatch(List)}). Payloads may be {@link Message}s, with headers of their own.
     */
    public BatchSendResult convertAndSendBatch(String destination, Collection<?> payloads) {
        return operations.sendBatch(toMQMessages(destination, payloads));
    }

    /** As {@link #convertAndSendBatch(String, Collection)}, asynchronously. */
    public CompletableFuture<BatchSendResult> convertAndSendBatchAsync(String destination, Collection<?> payloads) {
        return async(() -> toMQMessages(destination, payloads), operations::sendBatchAsync);
    }

    /** Sends a Spring message to the default destination ({@code mq.template.default-destination}), synchronously. */
    public SendResult send(Message<?> message) {
        return send(defaultDestination(), message);
    }

    /**
     * Sends a Spring message, synchronously: its payload converted, its headers mapped (see {@link MQHeaders}):
     * {@code KEYS}, {@code TAGS}, {@code FLAG}, {@code DELAY} and {@code WAIT_STORE_MSG_OK} (also with the
     * {@code rocketmq_} prefix) set those fields, Spring's {@code id}, {@code timestamp} and channel headers are left
     * out, the content type is stored as the converter reports it, every other header becomes a user property.
     */
    public SendResult send(String destination, Message<?> message) {
        return operations.send(toMQMessage(destination, message, null));
    }

    /** As {@link #send(String, Message)}, asynchronously. */
    public CompletableFuture<SendResult> sendAsync(String destination, Message<?> message) {
        return async(() -> toMQMessage(destination, message, null), operations::sendAsync);
    }

    /** As {@link #send(String, Message)}, one way: returns once the request is written, no answer. */
    public void sendOneway(String destination, Message<?> message) {
        operations.sendOneway(toMQMessage(destination, message, null));
    }

    /** Stores Spring messages as one batch in one queue, in order, synchronously; see {@link #convertAndSendBatch}. */
    public BatchSendResult sendBatch(String destination, Collection<? extends Message<?>> messages) {
        return operations.sendBatch(toMQMessages(destination, messages));
    }

    /** As {@link #sendBatch(String, Collection)}, asynchronously. */
    public CompletableFuture<BatchSendResult> sendBatchAsync(String destination,
            Collection<? extends Message<?>> messages) {
        return async(() -> toMQMessages(destination, messages), operations::sendBatchAsync);
    }

    /**
     * The converted message as a builder, for what the methods above do not offer (a sharding key, a timer, a
     * transactional send): {@code mq.send(messaging.toMessageBuilder("orders", order).shardingKey(id).build())}.
     * The payload may be a {@link Message}.
     */
    public MQMessage.Builder toMessageBuilder(String destination, Object payload) {
        return toBuilder(destination, payload, null);
    }

    /** The operations messages go through. */
    public MQOperations getOperations() {
        return operations;
    }

    /** The default destination, or {@code null}. */
    public String getDefaultDestination() {
        return defaultDestination;
    }

    private MQMessage toMQMessage(String destination, Object payload, Map<String, Object> headers) {
        return toBuilder(destination, payload, headers).build();
    }

    private List<MQMessage> toMQMessages(String destination, Collection<?> payloads) {
        if (payloads == null) {
            throw new MQValidationException("messages", null, "must not be null");
        }
        List<MQMessage> messages = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            messages.add(toMQMessage(destination, payload, null));
        }
        return messages;
    }

    private MQMessage.Builder toBuilder(String destination, Object payload, Map<String, Object> headers) {
        if (payload == null) {
            throw new MQValidationException("payload", null, "must not be null");
        }
        Message<?> message = payload instanceof Message<?> given ? given : MessageBuilder.withPayload(payload).build();
        if (headers != null && !headers.isEmpty()) {
            message = MessageBuilder.fromMessage(message).copyHeaders(headers).build();
        }
        Destination target = Destination.parse(destination);
        MQMessage.Builder builder = target.messageBuilder();
        PayloadConversion converted = PayloadConversion.convert(converter, message.getPayload(), message.getHeaders());
        builder.body(converted.body());
        HeaderMapper.apply(message.getHeaders(), target.tags() != null, builder);
        if (converted.contentType() != null) {
            builder.property(MQHeaders.CONTENT_TYPE, converted.contentType());
        }
        return builder;
    }

    private String defaultDestination() {
        if (defaultDestination == null) {
            throw new MQValidationException("destination", null,
                    "must be given: mq.template.default-destination is not set");
        }
        return defaultDestination;
    }

    /** Conversion failures as a failed future, as {@link MQOperations}' async calls report invalid input. */
    private static <M, R> CompletableFuture<R> async(Supplier<M> conversion,
            Function<M, CompletableFuture<R>> send) {
        M converted;
        try {
            converted = conversion.get();
        } catch (MQException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send.apply(converted);
    }
}
