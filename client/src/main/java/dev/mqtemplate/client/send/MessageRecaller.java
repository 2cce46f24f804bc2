package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.error.Failures.unwrap;

import dev.mqtemplate.client.error.BrokerRefusals;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.message.RecallHandle;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.Namespace;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.Deadline;
import dev.mqtemplate.client.transport.NoResponseException;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Cancels timer messages not yet due (RECALL_MESSAGE, brokers 5.3.2 and later): asks the broker named in the recall
 * handle, once, within one deadline. Not retried: a recall that timed out may have been stored, and a second one
 * would only be refused as a duplicate of nothing. Thread-safe.
 */
public class MessageRecaller {

    private final RouteCache routes;

    private final ChannelPool channels;

    private final String producerGroup;

    private final EventExecutorGroup timer;

    /** Turns the user's topic into the stored one for the request header. */
    private final Namespace namespace;

    public MessageRecaller(RouteCache routes, ChannelPool channels, String producerGroup, EventExecutorGroup timer) {
        this(routes, channels, producerGroup, timer, Namespace.NONE);
    }

    /** As above; {@code producerGroup} is the stored (wrapped) group, topics are wrapped by {@code namespace}. */
    public MessageRecaller(RouteCache routes, ChannelPool channels, String producerGroup, EventExecutorGroup timer,
            Namespace namespace) {
        this.namespace = java.util.Objects.requireNonNull(namespace, "namespace");
        this.routes = routes;
        this.channels = channels;
        this.producerGroup = producerGroup;
        this.timer = timer;
    }

    /**
     * Recalls the message of a handle already read and checked against its topic. Completes with the recalled
     * message's id (UNIQ_KEY), or fails with {@link MQBrokerRejectedException} (code and remark: recall disabled or
     * not supported, already delivered), {@link MQNotSentException} (no route, no connection) or
     * {@link MQOutcomeUnknownException} (no answer in time).
     */
    public CompletableFuture<String> recall(String topic, String handleText, RecallHandle handle, long timeoutMillis) {
        long deadline = Deadline.nanosFromNow(timeoutMillis);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("producerGroup", producerGroup);
        header.put("topic", namespace.wrap(topic));
        header.put("recallHandle", handleText);
        header.put("bname", handle.brokerName());
        RemotingCommand request = RemotingCommand.request(RequestCode.RECALL_MESSAGE, header, null);
        CompletableFuture<String> connected = routes.resolveBrokerAddress(topic, handle.brokerName());
        CompletableFuture<RemotingCommand> answered = Deadline.within(connected, timeoutMillis, timer,
                () -> new MQNotSentException("no route to broker '" + handle.brokerName() + "' of topic '" + topic
                        + "' within the timeout of " + timeoutMillis + " ms"))
                .thenCompose(address -> Deadline.within(channels.acquire(address), Deadline.millisLeft(deadline),
                        timer, () -> new MQNotSentException("no connection to " + address + " within the timeout of "
                                + timeoutMillis + " ms", address, null)))
                .thenCompose(connection -> connection.request(request, Math.max(1, Deadline.millisLeft(deadline))));
        CompletableFuture<String> result = new CompletableFuture<>();
        answered.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(failure(unwrap(error), handle));
            } else {
                try {
                    result.complete(outcome(response, handle));
                } catch (MQException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    private String outcome(RemotingCommand response, RecallHandle handle) {
        String address = routes.brokerAddress(handle.brokerName());
        if (response.code() == ResponseCode.SUCCESS) {
            String id = response.extField("msgId");
            return id != null ? id : handle.messageId();
        }
        String remark = response.remark();
        MQBrokerRejectedException refused = BrokerRefusals.of(response.code(), remark, address,
                channels.accessKey(), handle.topic(), BrokerRefusals.PUB);
        if (BrokerRefusals.isAccessRefusal(refused)) {
            throw refused;
        }
        if (response.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            remark = "the broker does not support RECALL_MESSAGE (RocketMQ 5.3.2 or later needed)"
                    + (remark == null ? "" : ": " + remark);
        } else if (response.code() == ResponseCode.NO_PERMISSION) {
            remark = (remark == null ? "" : remark + "; ") + "the broker needs recallMessageEnable=true";
        }
        throw new MQBrokerRejectedException(response.code(), remark, address);
    }

    private static MQException failure(Throwable error, RecallHandle handle) {
        if (error instanceof NoResponseException noResponse) {
            return new MQOutcomeUnknownException("recall of message " + handle.messageId() + ": "
                    + noResponse.getMessage(), handle.messageId(), noResponse.address(), noResponse);
        }
        if (error instanceof MQException known) {
            return known;
        }
        return new MQNotSentException("recall failed before reaching a broker: " + error, null, error);
    }
}
