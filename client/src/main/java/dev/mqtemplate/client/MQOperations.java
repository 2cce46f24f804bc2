package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What an application does with RocketMQ: send. {@link MQTemplate} implements it; depend on this interface where a
 * test double is wanted, as Spring Kafka users do with {@code KafkaOperations}.
 *
 * <p>Every failure is an {@link MQException} whose type says whether the message may have been stored; futures fail
 * with nothing else. Blocking calls must not be made on the client's I/O threads, where async callbacks run.
 */
public interface MQOperations {

    /** Sends a body to {@code topic} or {@code topic:tags}, synchronously. */
    SendResult send(String destination, byte[] body);

    /** Sends synchronously within the configured send timeout, retries included. */
    SendResult send(MQMessage message);

    /** Sends synchronously within the given time budget, retries included. */
    SendResult send(MQMessage message, Duration timeout);

    /** Sends asynchronously within the configured send timeout. */
    CompletableFuture<SendResult> sendAsync(MQMessage message);

    /** Sends asynchronously within the given time budget. */
    CompletableFuture<SendResult> sendAsync(MQMessage message, Duration timeout);

    /** Stores messages of one topic in one queue, in order, synchronously; a large batch as several requests. */
    BatchSendResult sendBatch(List<MQMessage> messages);

    /** As {@link #sendBatch(List)}, within the given time budget. */
    BatchSendResult sendBatch(List<MQMessage> messages, Duration timeout);

    /** As {@link #sendBatch(List)}, asynchronously. */
    CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages);

    /** As {@link #sendBatch(List)}, asynchronously, within the given time budget. */
    CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages, Duration timeout);

    /** Writes a message without waiting for an answer; returns once the request is on the socket. */
    void sendOneway(MQMessage message);

    /** As {@link #sendOneway(MQMessage)}, without blocking. */
    CompletableFuture<Void> sendOnewayAsync(MQMessage message);

    /** Cancels a timer message not yet due, by its send's recall handle; returns the recalled message's id. */
    String recall(String topic, String recallHandle);

    /** As {@link #recall(String, String)}, without blocking. */
    CompletableFuture<String> recallAsync(String topic, String recallHandle);

    /**
     * Sends a request and waits for its reply, which a responder sends back with the official client's
     * {@code MessageUtil.createReplyMessage}: within {@code timeout}, request included. No reply in time is
     * {@link dev.mqtemplate.client.error.MQOutcomeUnknownException}: the request may have been stored, and even
     * consumed.
     */
    ReplyMessage sendAndReceive(MQMessage request, Duration timeout);

    /** As {@link #sendAndReceive(MQMessage, Duration)}, without blocking. */
    CompletableFuture<ReplyMessage> sendAndReceiveAsync(MQMessage request, Duration timeout);
}
