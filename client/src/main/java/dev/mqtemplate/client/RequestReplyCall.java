package dev.mqtemplate.client;

import dev.mqtemplate.client.error.Failures;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.send.OutgoingMessage;
import dev.mqtemplate.client.send.PushedReply;
import dev.mqtemplate.client.send.SendReceipt;
import dev.mqtemplate.client.transport.Deadline;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One request-reply call once its request is prepared: it waits for the reply from the start (a reply can come before
 * the send's own answer), makes the brokers know this client (they push replies only to clients whose heartbeat they
 * have), then sends the request within what is left of the call's one deadline, and tells the waiter how the send
 * ended.
 */
final class RequestReplyCall {

    /** Marks the heartbeats before a request as not answered in time; never reaches a caller. */
    private static final Exception HEARTBEATS_SLOW = new Exception("heartbeats before a request not answered in time",
            null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    /** Sends the prepared request within {@code timeoutMillis}, through the template's send path. */
    @FunctionalInterface
    interface Send {
        CompletableFuture<SendReceipt> send(long timeoutMillis);
    }

    private RequestReplyCall() {
    }

    /**
     * Starts the call; the future completes with the reply or fails with an {@link MQException} (see
     * {@link dev.mqtemplate.client.send.ReplyWaiters}), never later than {@code timeoutMillis} from now.
     */
    static CompletableFuture<ReplyMessage> start(ClientParts parts, OutgoingMessage request, String correlationId,
            long timeoutMillis, Send send) {
        long deadline = Deadline.nanosFromNow(timeoutMillis);
        CompletableFuture<ReplyMessage> result = new CompletableFuture<>();
        parts.replies.register(correlationId, request.topic(), request.messageId(), timeoutMillis)
                .whenComplete((reply, error) -> {
                    if (error != null) {
                        result.completeExceptionally(Failures.unwrap(error));
                    } else {
                        result.complete(toReply(reply));
                    }
                });
        CompletableFuture<Void> known = parts.routes.publishInfo(request.topic())
                .handle((route, lookupFailed) -> null) // the send looks it up again and fails as sends do
                .thenCompose(ignored -> parts.heartbeat.ensureRegistered());
        // a broker that does not answer a heartbeat soon (down, hung) costs at most half the budget: the request
        // goes out then anyway, since the reply may well come through a broker that knows this client
        Deadline.within(known, Math.max(1, timeoutMillis / 2), parts.resources.eventLoopGroup(), () -> HEARTBEATS_SLOW)
                .whenComplete((ignored, slow) -> {
                    long left = Deadline.millisLeft(deadline);
                    if (left <= 0) {
                        parts.replies.requestFailed(correlationId, new MQNotSentException("send timeout of "
                                + timeoutMillis + " ms used up by the route lookup and heartbeats before the request "
                                + "was written"));
                        return;
                    }
                    send.send(left).whenComplete((receipt, sendFailed) -> {
                        if (sendFailed != null) {
                            parts.replies.requestFailed(correlationId, (MQException) Failures.unwrap(sendFailed));
                        } else {
                            parts.replies.requestStored(correlationId, receipt.brokerAddress());
                        }
                    });
                });
        return result;
    }

    private static ReplyMessage toReply(PushedReply reply) {
        return new ReplyMessage(reply.topic(), reply.correlationId(),
                reply.properties().get(MessageProperties.UNIQ_KEY), reply.body(), reply.properties(),
                reply.bornHost(), Instant.ofEpochMilli(reply.bornTimestamp()), reply.storeHost(),
                Instant.ofEpochMilli(reply.storeTimestamp()));
    }
}
