package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.error.Failures.unwrap;

import dev.mqtemplate.client.error.BrokerRefusals;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQTlsException;
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
import dev.mqtemplate.client.transport.Deadline;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one message: route, queue, broker address, connection, request, answer; and decides retries by what is
 * known of each failure. Failures known not to have stored the message (not sent, rejected with a retryable code)
 * are retried on another broker where there is one; an unknown outcome is retried only when configured, always with
 * the same message id. Once any attempt's outcome was unknown, the send's outcome stays unknown, whatever later
 * attempts report.
 *
 * <p>One deadline, set when the send starts, bounds everything: waiting for the route, for the connection and for
 * the answer. A send ends within its timeout (plus a tick of the deadline check), however slow the name servers, the
 * connect or the broker.
 */
public class MessageSender {

    private final RouteCache routes;

    private final ChannelPool channels;

    private final SendRequestEncoder encoder;

    private final QueueSelector selector;

    private final BrokerHealth health;

    private final EventExecutorGroup timer;

    private final int retries;

    private final boolean retryUnknownOutcome;

    private final SendMetrics metrics;

    private final OrderedLanes lanes;

    /**
     * @param timer where waits for a route or a connection are bounded (the client's I/O threads)
     */
    public MessageSender(RouteCache routes, ChannelPool channels, SendRequestEncoder encoder, BrokerHealth health,
            EventExecutorGroup timer, int retries, boolean retryUnknownOutcome, SendMetrics metrics) {
        this.metrics = metrics;
        this.routes = routes;
        this.channels = channels;
        this.encoder = encoder;
        this.health = health;
        this.timer = timer;
        this.selector = new QueueSelector(health);
        this.lanes = new OrderedLanes(routes, timer);
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
        new SendAttempts(message, false, null, timeoutMillis, outcome).next(null);
    }

    /**
     * Sends as {@link #send(OutgoingMessage, long, SendOutcome)}, to the queue {@code pin} chooses when it is not
     * null: an ordered send. It keeps that queue across retries (never another, and no fault avoidance), and starts
     * only once the previous ordered send to the same queue has ended, so the broker stores them in submission order.
     */
    public void send(OutgoingMessage message, QueuePin pin, long timeoutMillis, SendOutcome outcome) {
        start(new SendAttempts(message, false, pin, timeoutMillis, outcome));
    }

    /**
     * Writes a message that gets no answer and tells {@code outcome} how it ended, exactly once:
     * {@link SendOutcome#written} once the request is on the socket; {@link MQNotSentException} when there is no
     * route, no connection, or the write failed or never started within the timeout; {@link MQOutcomeUnknownException}
     * when the request was handed to the socket and its write had not finished at the deadline (its bytes may still
     * reach the broker, so retrying it could store it twice).
     */
    public void sendOneway(OutgoingMessage message, long timeoutMillis, SendOutcome outcome) {
        new SendAttempts(message, true, null, timeoutMillis, outcome).next(null);
    }

    /**
     * Writes as {@link #sendOneway(OutgoingMessage, long, SendOutcome)}, to the queue {@code pin} chooses when it is
     * not null. The next ordered send to that queue starts once this one is written: one-way sends have no answer to
     * wait for, so a broker with several send threads may still store two of them close together either way round.
     */
    public void sendOneway(OutgoingMessage message, QueuePin pin, long timeoutMillis, SendOutcome outcome) {
        start(new SendAttempts(message, true, pin, timeoutMillis, outcome));
    }

    private void start(SendAttempts attempts) {
        if (attempts.pin == null) {
            attempts.next(null);
        } else {
            lanes.submit(attempts);
        }
    }

    /**
     * Writes a one-way request (END_TRANSACTION) to a broker's address; completes once written, or fails with the
     * {@link MQException} of why not, within {@code timeoutMillis}.
     */
    public CompletableFuture<Void> writeOneway(String address, RemotingCommand request, long timeoutMillis) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        ResponseHandler handler = new ResponseHandler() {
            @Override
            public void onResponse(RemotingCommand response) {
                written.complete(null);
            }

            @Override
            public void onWritten() {
                written.complete(null);
            }

            @Override
            public void onFailure(Throwable failure) {
                written.completeExceptionally(failure instanceof NoResponseException noResponse
                        ? new MQOutcomeUnknownException(noResponse.getMessage(), null, address, noResponse)
                        : unwrap(failure));
            }
        };
        Deadline.within(channels.acquire(address), timeoutMillis, timer, () -> new MQNotSentException(
                "no connection to " + address + " within " + timeoutMillis + " ms", address, null))
                .whenComplete((connection, error) -> {
                    if (error != null) {
                        written.completeExceptionally(unwrap(error));
                    } else {
                        connection.oneway(request, timeoutMillis, handler);
                    }
                });
        return written;
    }

    /** A route wait cut by the send timeout becomes "not sent", naming the name servers that did not answer. */
    private MQNotSentException routeTimeoutFailure(String topic, long timeoutMillis) {
        return new MQNotSentException("no route for topic '" + topic + "' within the send timeout of " + timeoutMillis
                + " ms: name servers " + routes.nameServerLookup().addresses() + " did not answer in time");
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
     * another, so the current one's queue is a field.
     */
    private final class SendAttempts implements ResponseHandler, OrderedLanes.Placed {

        final OutgoingMessage message;

        final boolean oneway;

        /** When the whole send must have ended, in {@link System#nanoTime()} terms. */
        final long deadline;

        final long timeoutMillis;

        final SendOutcome outcome;

        int attempt;

        /** The queue of the current attempt; {@code null} until it has one. */
        MessageQueue queue;

        MQException lastFailure;

        /** The first attempt whose outcome was unknown; once set, it is the send's outcome unless one succeeds. */
        MQOutcomeUnknownException unknown;

        /** For an ordered send, what chooses its queue; {@code null} for a free choice among healthy brokers. */
        final QueuePin pin;

        /** For an ordered send, the queue its ordered line gave it; every attempt goes there. */
        MessageQueue pinnedQueue;

        /** Told once the outcome is reported, so the ordered line goes on; {@code null} for other sends. */
        Runnable ended;

        @Override
        public String topic() {
            return message.topic();
        }

        @Override
        public QueuePin pin() {
            return pin;
        }

        @Override
        public void start(MessageQueue queue, TopicPublishInfo route, Runnable ended) {
            this.pinnedQueue = queue;
            this.ended = ended;
            next(null);
        }

        @Override
        public void fail(MQException failure) {
            finish(failure);
        }

        @Override
        public long millisLeft() {
            return Deadline.millisLeft(deadline);
        }

        @Override
        public MQException routeTimeout() {
            return routeTimeoutFailure(message.topic(), timeoutMillis);
        }

        /** Tells the ordered line, if any, that this send has ended. */
        private void ended() {
            Runnable hook = ended;
            ended = null;
            if (hook != null) {
                hook.run();
            }
        }

        SendAttempts(OutgoingMessage message, boolean oneway, QueuePin pin, long timeoutMillis, SendOutcome outcome) {
            this.message = message;
            this.oneway = oneway;
            this.pin = pin;
            this.timeoutMillis = timeoutMillis;
            this.deadline = Deadline.nanosFromNow(timeoutMillis);
            this.outcome = outcome;
        }

        void next(String avoidBroker) {
            long remainingMillis = Deadline.millisLeft(deadline);
            if (remainingMillis <= 0) {
                giveUp("send timeout of " + timeoutMillis + " ms used up after " + attempt + " attempt(s)");
                return;
            }
            attempt++;
            queue = null;
            CompletableFuture<TopicPublishInfo> route = routes.publishInfo(message.topic());
            if (isReady(route)) {
                // the common case, a cached route: go on at once, without a stage and a lambda per send
                routed(route.getNow(null), avoidBroker);
                return;
            }
            Deadline.within(route, remainingMillis, timer, () -> routeTimeoutFailure(message.topic(), timeoutMillis))
                    .whenComplete((info, routeError) -> {
                        if (routeError != null) {
                            onFailure(unwrap(routeError));
                        } else {
                            routed(info, avoidBroker);
                        }
                    });
        }

        void routed(TopicPublishInfo info, String avoidBroker) {
            CompletableFuture<Connection> connection;
            try {
                queue = pinnedQueue != null ? pinnedQueue : selector.select(info, avoidBroker);
                checkAgainstRoute(message, info, queue);
                // Known address and open connection are the rule: call through directly rather than chaining stages,
                // which cost a future and a lambda each per send. Anything still pending takes the chained way, its
                // wait bounded by what is left of the send's time.
                CompletableFuture<String> address = routes.resolveBrokerAddress(message.topic(), queue.brokerName());
                connection = isReady(address) ? channels.acquire(address.getNow(null))
                        : address.thenCompose(channels::acquire);
            } catch (MQValidationException invalid) {
                finish(invalid);
                return;
            } catch (RuntimeException unexpected) {
                onFailure(unexpected);
                return;
            }
            if (isReady(connection)) {
                write(connection.getNow(null));
                return;
            }
            String brokerName = queue.brokerName();
            Deadline.within(connection, Deadline.millisLeft(deadline), timer, () -> new MQNotSentException(
                    "no connection to broker '" + brokerName + "' within the send timeout of " + timeoutMillis + " ms",
                    routes.brokerAddress(brokerName), null))
                    .whenComplete((open, error) -> {
                        if (error != null) {
                            onFailure(unwrap(error));
                        } else {
                            write(open);
                        }
                    });
        }

        void write(Connection connection) {
            long remainingMillis = Deadline.millisLeft(deadline);
            if (remainingMillis <= 0) {
                lastFailure = new MQNotSentException("no time left to write to " + connection.address(),
                        connection.address(), null);
                giveUp("send timeout of " + timeoutMillis + " ms used up after " + attempt + " attempt(s)");
                return;
            }
            // with unknown outcomes retried, a timeout must leave time for the retries: share the rest among them
            long attemptMillis = retryUnknownOutcome ? Math.max(1, remainingMillis / (retries + 2 - attempt))
                    : remainingMillis;
            RemotingCommand request;
            try {
                request = encoder.encode(message, queue);
            } catch (RuntimeException unexpected) {
                onFailure(unexpected);
                return;
            }
            if (oneway) {
                connection.oneway(request, attemptMillis, this);
            } else {
                connection.request(request, attemptMillis, this);
            }
        }

        @Override
        public void onWritten() {
            // a write proves the connection, not that the broker can store: it does not clear a fault
            outcome.written(queue, attempt);
            ended();
        }

        @Override
        public void onResponse(RemotingCommand response) {
            String address = routes.brokerAddress(queue.brokerName());
            int code = response.code();
            if (isStored(code)) {
                SendReceipt receipt;
                try {
                    receipt = receipt(response, queue, address);
                } catch (NumberFormatException malformed) {
                    // the broker says stored, but its answer cannot be read: what it stored is not known for sure
                    health.recordSuccess(queue.brokerName());
                    finish(new MQOutcomeUnknownException("the answer from " + address + " could not be read: "
                            + malformed.getMessage(), message.messageId(), address, malformed));
                    return;
                }
                health.recordSuccess(queue.brokerName());
                outcome.sent(receipt);
                ended();
                return;
            }
            if (isBrokerFault(code)) {
                health.recordFault(queue.brokerName(), BrokerHealth.FaultKind.RESPONSE);
            }
            MQBrokerRejectedException rejected = BrokerRefusals.of(code, response.remark(), address,
                    channels.accessKey(), message.topic(), BrokerRefusals.PUB);
            // credentials and permissions are the same on every broker: neither a new route nor a retry helps
            boolean accessRefused = BrokerRefusals.isAccessRefusal(rejected);
            if (!accessRefused && (code == ResponseCode.TOPIC_NOT_EXIST || code == ResponseCode.NO_PERMISSION)) {
                routes.invalidate(message.topic());
            }
            if (isRetryable(code) && !accessRefused) {
                retryOrGiveUp(rejected, queue.brokerName());
            } else {
                finish(rejected);
            }
        }

        @Override
        public void onFailure(Throwable error) {
            String brokerName = queue == null ? null : queue.brokerName();
            if (error instanceof NoResponseException noResponse) {
                if (brokerName != null && noResponse.reason() != NoResponseException.Reason.CLOSED) {
                    health.recordFault(brokerName, noResponse.reason() == NoResponseException.Reason.TIMEOUT
                            ? BrokerHealth.FaultKind.RESPONSE : BrokerHealth.FaultKind.CONNECTION);
                }
                MQOutcomeUnknownException unknownNow = new MQOutcomeUnknownException(describe(noResponse),
                        message.messageId(), noResponse.address(), noResponse);
                if (unknown == null) {
                    unknown = unknownNow;
                }
                if (retryUnknownOutcome && noResponse.reason() != NoResponseException.Reason.CLOSED) {
                    retryOrGiveUp(unknownNow, brokerName);
                } else {
                    finish(unknownNow);
                }
            } else if (error instanceof MQClosedException closed) {
                finish(closed);
            } else if (error instanceof MQException known && !known.mayHaveBeenStored()) {
                if (brokerName != null && !(known instanceof MQValidationException)) {
                    health.recordFault(brokerName, BrokerHealth.FaultKind.CONNECTION);
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
            if (why != null && unknown == null && lastFailure instanceof MQTlsException tls) {
                // keep the type: a TLS mismatch is a setting to fix, whatever the timeout
                finish(new MQTlsException(why + "; last failure: " + tls.getMessage(), tls.address(), tls));
            } else if (why != null && unknown == null) {
                finish(new MQNotSentException(why + (lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage()),
                        lastFailure instanceof MQNotSentException notSent ? notSent.address() : null, lastFailure));
            } else {
                finish(lastFailure);
            }
        }

        /**
         * Ends the send with a failure. After an attempt whose outcome was unknown, the message may be stored: a
         * later plain failure (not sent, rejected, closed) does not change that, so the unknown outcome is reported,
         * with the later failure attached.
         */
        void finish(MQException failure) {
            if (unknown != null && failure != unknown && !(failure instanceof MQOutcomeUnknownException)) {
                unknown.addSuppressed(failure);
                failure = unknown;
            }
            if (pin != null) {
                failure.pinnedTo(pinnedQueue != null ? pinnedQueue.toString() : pin.describe());
            }
            outcome.failed(failure);
            ended();
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
            int storedQueueId = queueId == null ? queue.queueId() : parseNumber("queueId", queueId);
            // the broker stores where it was asked to, so the queue object at hand can be the receipt's
            MessageQueue stored = storedQueueId == queue.queueId() ? queue
                    : new MessageQueue(queue.topic(), queue.brokerName(), storedQueueId);
            return new SendReceipt(response.code(), message.messageId(), response.extField("msgId"), stored,
                    queueOffset == null ? -1 : parseLong("queueOffset", queueOffset), response.extField("transactionId"),
                    address, attempt, response.extField("recallHandle"));
        }
    }

    private static int parseNumber(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(field + " '" + value + "' is not a number");
        }
    }

    private static long parseLong(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(field + " '" + value + "' is not a number");
        }
    }

    /** The future {@link #send(OutgoingMessage, long)} returns, completed as the outcome. */
    private static final class FutureOutcome extends CompletableFuture<SendReceipt> implements SendOutcome {

        @Override
        public void sent(SendReceipt receipt) {
            complete(receipt);
        }

        @Override
        public void written(MessageQueue queue, int attempts) {
            completeExceptionally(new IllegalStateException("a request that expects an answer ended as written"));
        }

        @Override
        public void failed(MQException failure) {
            completeExceptionally(failure);
        }
    }
}
