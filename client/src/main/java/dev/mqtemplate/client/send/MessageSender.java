package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.error.Failures.unwrap;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.route.TopicPublishInfo;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.Connection;
import dev.mqtemplate.client.transport.NoResponseException;
import dev.mqtemplate.client.transport.ResponseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one message: route, queue, broker address, connection, request, answer; and decides retries by what is
 * known of each failure. Failures known not to have stored the message (not sent, rejected with a retryable code)
 * are retried on another broker where there is one, within the one time budget; an unknown outcome is retried only
 * when configured, always with the same message id. The future fails with exactly one of the three outcome kinds.
 */
public class MessageSender {

    private final RouteCache routes;

    private final ChannelPool channels;

    private final SendRequestEncoder encoder;

    private final QueueSelector selector;

    private final BrokerHealth health;

    private final int retries;

    private final boolean retryUnknownOutcome;

    private final SendMetrics metrics;

    public MessageSender(RouteCache routes, ChannelPool channels, SendRequestEncoder encoder, BrokerHealth health,
            int retries, boolean retryUnknownOutcome, SendMetrics metrics) {
        this.metrics = metrics;
        this.routes = routes;
        this.channels = channels;
        this.encoder = encoder;
        this.health = health;
        this.selector = new QueueSelector(health);
        this.retries = retries;
        this.retryUnknownOutcome = retryUnknownOutcome;
    }

    /** Sends and completes with the broker's receipt, or with an {@link MQException} of the outcome's kind. */
    public CompletableFuture<SendReceipt> send(OutgoingMessage message, long timeoutMillis) {
        FutureOutcome outcome = new FutureOutcome();
        send(message, timeoutMillis, outcome);
        return outcome;
    }

    /**
     * Sends and tells {@code outcome} how it ended, exactly once: with the broker's receipt, or with an
     * {@link MQException} of the outcome's kind. The callback form spares a future and a stage per send.
     */
    public void send(OutgoingMessage message, long timeoutMillis, SendOutcome outcome) {
        SendAttempts attempts = new SendAttempts(message, System.nanoTime() + timeoutMillis * 1_000_000L,
                timeoutMillis, outcome);
        attempts.next(null);
    }

    /**
     * Writes a message that gets no answer. Completes once the request is on the socket; fails with
     * {@link MQNotSentException} when there is no route, the broker refuses the connection, or the connection is not
     * writable within the timeout.
     */
    public CompletableFuture<MessageQueue> sendOneway(OutgoingMessage message, long timeoutMillis) {
        return boundedRoute(message.topic(), timeoutMillis).exceptionallyCompose(error -> CompletableFuture.failedFuture(
                routeTimeoutAsNotSent(unwrap(error), message.topic(), timeoutMillis))).thenCompose(info -> {
            MessageQueue queue = selector.select(info, null);
            checkAgainstRoute(message, info, queue);
            return routes.resolveBrokerAddress(message.topic(), queue.brokerName())
                    .thenCompose(channels::acquire)
                    .thenCompose(connection -> connection.oneway(encoder.encode(message, queue), timeoutMillis))
                    .whenComplete((ignored, error) -> {
                        if (error != null) {
                            health.recordFault(queue.brokerName());
                        }
                    })
                    .thenApply(ignored -> queue);
        });
    }

    /**
     * The route of a topic, waited for at most {@code millis}. A cached route is returned as is (the common case, no
     * cost); a lookup in progress is shared with other sends, so the wait is bounded on a copy.
     */
    private CompletableFuture<TopicPublishInfo> boundedRoute(String topic, long millis) {
        CompletableFuture<TopicPublishInfo> shared = routes.publishInfo(topic);
        return shared.isDone() ? shared : shared.copy().orTimeout(millis, TimeUnit.MILLISECONDS);
    }

    /** A route wait cut by the send timeout becomes "not sent", naming the name servers that did not answer. */
    private Throwable routeTimeoutAsNotSent(Throwable error, String topic, long timeoutMillis) {
        if (!(error instanceof TimeoutException)) {
            return error;
        }
        return new MQNotSentException("no route for topic '" + topic + "' within the send timeout of " + timeoutMillis
                + " ms: name servers " + routes.nameServerLookup().addresses() + " did not answer in time", null, error);
    }

    /** Checks only the route can answer: the target's system topics, and the properties the broker will add. */
    private static void checkAgainstRoute(OutgoingMessage message, TopicPublishInfo info, MessageQueue queue) {
        // brokers create topics named after themselves and their cluster; they are not for application data
        MessageValidator.checkNotClusterOrBrokerTopic(message.topic(), info.masterAddresses().keySet(),
                info.clusters().values());
        // the broker adds its own properties before checking their length: refuse here what it would refuse
        MessageValidator.checkPropertiesLength(message.propertiesLength(), info.clusters().get(queue.brokerName()),
                message.delayLevel(), queue.topic(), queue.queueId());
    }

    /** Whether a future has its value already, so it can be used without chaining a stage. */
    private static boolean isReady(CompletableFuture<?> future) {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    static boolean isStored(int code) {
        return code == ResponseCode.SUCCESS || code == ResponseCode.FLUSH_DISK_TIMEOUT
                || code == ResponseCode.FLUSH_SLAVE_TIMEOUT || code == ResponseCode.SLAVE_NOT_AVAILABLE;
    }

    /** Broker codes after which the official producer tries again: the broker did not store the message. */
    static boolean isRetryable(int code) {
        return switch (code) {
            case ResponseCode.SYSTEM_ERROR, ResponseCode.SYSTEM_BUSY, ResponseCode.SERVICE_NOT_AVAILABLE,
                    ResponseCode.NO_PERMISSION, ResponseCode.TOPIC_NOT_EXIST, ResponseCode.NO_BUYER_ID,
                    ResponseCode.NOT_IN_CURRENT_UNIT, ResponseCode.GO_AWAY -> true;
            default -> false;
        };
    }

    /** Codes that say the broker is overloaded or going away: isolate it for a while. */
    static boolean isBrokerFault(int code) {
        return code == ResponseCode.SYSTEM_BUSY || code == ResponseCode.SERVICE_NOT_AVAILABLE
                || code == ResponseCode.GO_AWAY;
    }


    /**
     * The state of one send across its attempts, and the handler of each attempt's request: attempts run one after
     * another, so the current one's queue and time budget are fields.
     */
    private final class SendAttempts implements ResponseHandler {

        final OutgoingMessage message;

        final long deadline;

        final long timeoutMillis;

        final SendOutcome outcome;

        int attempt;

        /** The queue of the current attempt; {@code null} until it has one. */
        MessageQueue queue;

        long attemptMillis;

        MQException lastFailure;

        MQOutcomeUnknownException unknown;

        SendAttempts(OutgoingMessage message, long deadline, long timeoutMillis, SendOutcome outcome) {
            this.message = message;
            this.deadline = deadline;
            this.timeoutMillis = timeoutMillis;
            this.outcome = outcome;
        }

        void next(String avoidBroker) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (remainingMillis <= 0) {
                giveUp("send timeout of " + timeoutMillis + " ms used up after " + attempt + " attempt(s)");
                return;
            }
            attempt++;
            queue = null;
            // with unknown outcomes retried, a timeout must leave time for the retries: share the rest among them
            long attemptMillis = retryUnknownOutcome ? Math.max(1, remainingMillis / (retries + 2 - attempt))
                    : remainingMillis;
            this.attemptMillis = attemptMillis;
            CompletableFuture<TopicPublishInfo> route = boundedRoute(message.topic(), remainingMillis);
            if (isReady(route)) {
                // the common case, a cached route: go on at once, without a stage and a lambda per send
                routed(route.getNow(null), avoidBroker);
                return;
            }
            route.whenComplete((info, routeError) -> {
                if (routeError != null) {
                    onFailure(routeTimeoutAsNotSent(unwrap(routeError), message.topic(), timeoutMillis));
                } else {
                    routed(info, avoidBroker);
                }
            });
        }

        void routed(TopicPublishInfo info, String avoidBroker) {
            queue = selector.select(info, avoidBroker);
            try {
                checkAgainstRoute(message, info, queue);
            } catch (MQValidationException invalid) {
                finish(invalid);
                return;
            }
            CompletableFuture<Connection> connection;
            // Known address and open connection are the rule: call through directly rather than chaining stages,
            // which cost a future and a lambda each per send. Anything still pending takes the chained way.
            try {
                CompletableFuture<String> address = routes.resolveBrokerAddress(message.topic(), queue.brokerName());
                connection = isReady(address) ? channels.acquire(address.getNow(null))
                        : address.thenCompose(channels::acquire);
            } catch (RuntimeException unexpected) {
                onFailure(unexpected);
                return;
            }
            if (isReady(connection)) {
                write(connection.getNow(null));
                return;
            }
            connection.whenComplete((open, error) -> {
                if (error != null) {
                    onFailure(unwrap(error));
                } else {
                    write(open);
                }
            });
        }

        void write(Connection connection) {
            RemotingCommand request;
            try {
                request = encoder.encode(message, queue);
            } catch (RuntimeException unexpected) {
                onFailure(unexpected);
                return;
            }
            connection.request(request, attemptMillis, this);
        }

        @Override
        public void onResponse(RemotingCommand response) {
            String address = routes.brokerAddress(queue.brokerName());
            int code = response.code();
            if (isStored(code)) {
                health.recordSuccess(queue.brokerName());
                outcome.sent(receipt(response, queue, address));
                return;
            }
            if (isBrokerFault(code)) {
                health.recordFault(queue.brokerName());
            }
            if (code == ResponseCode.TOPIC_NOT_EXIST || code == ResponseCode.NO_PERMISSION) {
                routes.invalidate(message.topic());
            }
            MQBrokerRejectedException rejected = new MQBrokerRejectedException(code, response.remark(), address);
            if (isRetryable(code)) {
                retryOrGiveUp(rejected, queue.brokerName());
            } else {
                finish(rejected);
            }
        }

        @Override
        public void onFailure(Throwable error) {
            String brokerName = queue == null ? null : queue.brokerName();
            if (error instanceof NoResponseException noResponse) {
                if (brokerName != null) {
                    health.recordFault(brokerName);
                }
                unknown = new MQOutcomeUnknownException(describe(noResponse), message.messageId(),
                        noResponse.address(), noResponse);
                if (retryUnknownOutcome && noResponse.reason() != NoResponseException.Reason.CLOSED) {
                    retryOrGiveUp(unknown, brokerName);
                } else {
                    finish(unknown);
                }
            } else if (error instanceof MQClosedException closed) {
                finish(closed);
            } else if (error instanceof MQException known && !known.mayHaveBeenStored()) {
                if (brokerName != null) {
                    health.recordFault(brokerName);
                }
                retryOrGiveUp(known, brokerName);
            } else {
                // a bug or an unexpected runtime failure before the write: nothing reached the broker
                finish(new MQNotSentException("send failed before reaching a broker: " + error, null, error));
            }
        }

        void retryOrGiveUp(MQException failure, String failedBroker) {
            lastFailure = failure;
            if (attempt <= retries) {
                metrics.retried(message.topic());
                next(failedBroker);
            } else {
                giveUp(null);
            }
        }

        void giveUp(String why) {
            if (unknown != null) {
                // an earlier attempt may have stored the message: never report that as a plain failure
                finish(unknown);
            } else if (why != null) {
                finish(new MQNotSentException(why + (lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage()),
                        lastFailure instanceof MQNotSentException notSent ? notSent.address() : null, lastFailure));
            } else {
                finish(lastFailure);
            }
        }

        void finish(MQException failure) {
            outcome.failed(failure);
        }

        String describe(NoResponseException noResponse) {
            return switch (noResponse.reason()) {
                case TIMEOUT -> noResponse.getMessage();
                case CONNECTION_LOST -> noResponse.getMessage() + " after the request was written";
                case CLOSED -> "client closed while the request was in flight";
            };
        }

        SendReceipt receipt(RemotingCommand response, MessageQueue queue, String address) {
            // the receipt outlives this object: fields of the attempt are passed in, not read later
            String queueId = response.extField("queueId");
            String queueOffset = response.extField("queueOffset");
            int storedQueueId = queueId == null ? queue.queueId() : Integer.parseInt(queueId);
            // the broker stores where it was asked to, so the queue object at hand can be the receipt's
            MessageQueue stored = storedQueueId == queue.queueId() ? queue
                    : new MessageQueue(queue.topic(), queue.brokerName(), storedQueueId);
            return new SendReceipt(response.code(), message.messageId(), response.extField("msgId"), stored,
                    queueOffset == null ? -1 : Long.parseLong(queueOffset), response.extField("transactionId"), address,
                    attempt);
        }
    }

    /** The future {@link #send(OutgoingMessage, long)} returns, completed as the outcome. */
    private static final class FutureOutcome extends CompletableFuture<SendReceipt> implements SendOutcome {

        @Override
        public void sent(SendReceipt receipt) {
            complete(receipt);
        }

        @Override
        public void failed(MQException failure) {
            completeExceptionally(failure);
        }
    }
}
