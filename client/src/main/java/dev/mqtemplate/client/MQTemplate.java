package dev.mqtemplate.client;

import dev.mqtemplate.client.error.Failures;
import dev.mqtemplate.client.error.MQBatchIncompleteException;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.GuardedSendMetrics;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.metrics.SendMode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.Namespace;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.AutoBatcher;
import dev.mqtemplate.client.send.InFlightLimiter;
import dev.mqtemplate.client.send.OutgoingMessage;
import dev.mqtemplate.client.send.QueuePin;
import dev.mqtemplate.client.send.SendOutcome;
import dev.mqtemplate.client.send.SendReceipt;
import dev.mqtemplate.client.send.TransactionCheckHandler;
import dev.mqtemplate.client.send.TransactionEnd;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Sends messages to RocketMQ: synchronously, asynchronously or one-way. Every send funnels into one path: validate,
 * route, select a queue, encode, write, map the answer. Failures are {@link MQException}s of three kinds:
 * {@link MQNotSentException} (nothing stored, validation included), {@link dev.mqtemplate.client.error.MQBrokerRejectedException}
 * (the broker refused) and {@link MQOutcomeUnknownException} (written, no answer).
 *
 * <p>Thread-safe; create one per application and share it. Async results complete on an I/O thread: keep callbacks
 * short; the blocking calls ({@link #send(MQMessage)}, {@link #sendBatch(List)}, {@link #sendOneway(MQMessage)},
 * {@link #sendAndReceive(MQMessage, Duration)})
 * refuse to run there, so use their async forms in callbacks. {@link #close()} stops taking sends, waits
 * for sends in flight up to the close timeout, completes the rest as outcome unknown and releases every thread it
 * created.
 */
public class MQTemplate implements MQOperations, AutoCloseable {

    /** How long past its own timeout a blocking caller waits for a send's outcome before giving up on it. */
    private static final long JOIN_BACKSTOP_MILLIS = 5_000;

    private final MQClientConfig config;

    /** The namespace topics and the producer group are stored in; see {@link Namespace}. */
    private final Namespace namespace;

    /** Connections, routes, the sender and its background tasks. */
    private final ClientParts parts;

    private final MessagePreparation preparation;

    private final SendMetrics metrics;

    /** Traces single-message sends; {@link SendObserver#NONE} skips the hook. */
    private final SendObserver observer;

    private final InFlightLimiter asyncLimiter;

    private final ClientStatus status;

    /** Who answers the broker's checks of transactional messages, by topic. */
    private final TransactionCheckers checkers;

    /** Packs async sends to busy topics into batches; {@code null} when automatic batching is off. */
    private final AutoBatcher batcher;

    private final Map<CompletableFuture<?>, String> inFlight = new ConcurrentHashMap<>();

    private final Object closeLock = new Object();

    private volatile boolean closed;

    private MQTemplate(Builder builder) {
        this.config = builder.config;
        this.namespace = Namespace.of(config.namespace());
        // a user's metrics run on I/O threads, between a send's outcome and its caller: what they throw stays there
        this.metrics = GuardedSendMetrics.guard(builder.metrics);
        this.observer = builder.observer;
        this.asyncLimiter = new InFlightLimiter(config.maxInFlight(), config.maxInFlightBytes(),
                config.backpressurePolicy(), config.backpressureMaxWait());
        // first, so that a compression codec without its library fails before any thread or connection exists
        this.preparation = new MessagePreparation(config, metrics, namespace);
        this.parts = ClientParts.assemble(config, builder.resources, metrics, namespace);
        this.status = new ClientStatus(parts.routes, parts.channels, parts.health, inFlight::size);
        this.checkers = builder.checkers.build(metrics, namespace);
        this.batcher = config.autoBatching().enabled() ? new AutoBatcher(parts.sender, config.autoBatching(),
                parts.resources.eventLoopGroup(), metrics) : null;
        parts.channels.onRequest(RequestCode.CHECK_TRANSACTION_STATE, new TransactionCheckHandler(
                parts.producerGroup, parts.sender, checkers::answer));
    }

    /**
     * Creates a template with its own threads and connections. Refuses, naming the value, a missing or malformed
     * name-server address and an invalid producer group.
     */
    public static MQTemplate create(MQClientConfig config) {
        return builder(config).build();
    }

    /** Starts a template from its configuration; threads not given are created (and later closed) by the template. */
    public static Builder builder(MQClientConfig config) {
        return new Builder(config);
    }

    /** Sends a body to {@code topic} or {@code topic:tags}, synchronously. */
    @Override
    public SendResult send(String destination, byte[] body) {
        return send(Destination.parse(destination).messageBuilder().body(body).build());
    }

    /** Sends synchronously within the configured send timeout, retries included. */
    @Override
    public SendResult send(MQMessage message) {
        return send(message, config.sendTimeout());
    }

    /** Sends synchronously within the given time budget, retries included. */
    @Override
    public SendResult send(MQMessage message, Duration timeout) {
        return join(submit(message, timeout, Call.SYNC), timeout);
    }

    /** Sends asynchronously within the configured send timeout; the future never fails with anything but an {@link MQException}. */
    @Override
    public CompletableFuture<SendResult> sendAsync(MQMessage message) {
        return sendAsync(message, config.sendTimeout());
    }

    /** Sends asynchronously within the given time budget. Invalid input and a closed template give a failed future at once. */
    @Override
    public CompletableFuture<SendResult> sendAsync(MQMessage message, Duration timeout) {
        return submit(message, timeout, Call.ASYNC);
    }

    /**
     * Sends messages as one batch, synchronously, within the configured send timeout: they are stored in one queue,
     * in the order given. All must go to one topic, with no delay level, no timer (a 5.3.3 broker delivers a batch's
     * timer messages at once) and the same ordering options. A batch that fits the broker's maxMessageSize is one
     * request, stored whole or not at all; a larger one is sent as several requests, in order, to one queue, and if
     * a later one fails, {@link dev.mqtemplate.client.error.MQBatchIncompleteException} says exactly which messages
     * are stored. {@link BatchSendResult#results()} has one result per message. Bodies are compressed, all of them,
     * when together they reach the compression threshold.
     */
    @Override
    public BatchSendResult sendBatch(List<MQMessage> messages) {
        return sendBatch(messages, config.sendTimeout());
    }

    /** Sends messages as one batch, synchronously, within the given time budget; see {@link #sendBatch(List)}. */
    @Override
    public BatchSendResult sendBatch(List<MQMessage> messages, Duration timeout) {
        return join(sendBatchAsync(messages, timeout, Call.SYNC), timeout);
    }

    /** Sends messages as one batch, asynchronously; see {@link #sendBatch(List)}. */
    @Override
    public CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages) {
        return sendBatchAsync(messages, config.sendTimeout());
    }

    /** Sends messages as one batch, asynchronously, within the given time budget; see {@link #sendBatch(List)}. */
    @Override
    public CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages, Duration timeout) {
        return sendBatchAsync(messages, timeout, Call.ASYNC);
    }

    private CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages, Duration timeout,
            Call mode) {
        if (observer == SendObserver.NONE || messages == null) {
            return submitBatch(messages, timeout, mode);
        }
        refuseBlockingOnIoThread(mode);
        SendObserver.ObservedSend observed = observer.start(messages.isEmpty() ? null : messages.get(0),
                mode.metricMode(), SendObserver.Kind.BATCH);
        List<MQMessage> withProperties = new ArrayList<>(messages.size());
        messages.forEach(message -> withProperties.add(observed.message(message)));
        return submitBatch(withProperties, timeout, mode).whenComplete((result, error) -> observed.stopBatch(result,
                Failures.unwrap(error)));
    }

    private CompletableFuture<BatchSendResult> submitBatch(List<MQMessage> messages, Duration timeout, Call mode) {
        return submit(messages, (preparation, batch) -> preparation.prepareBatchRequests(batch, true),
                MQTemplate::batchTopicTag, timeout, mode, MQTemplate::sendPreparedBatch);
    }

    /**
     * A batch that fits one request takes the common path. A larger one is sent as several requests, in order, to
     * one queue, within one deadline: the first goes where a batch would, the others to the queue it was stored in.
     */
    private CompletableFuture<BatchSendResult> sendPreparedBatch(List<MQMessage> messages,
            List<OutgoingMessage> requests, long timeoutMillis, Call mode, long started) {
        if (requests.size() == 1) {
            return dispatch(requests.get(0), batchPinOf(messages), timeoutMillis, mode, started,
                    MQTemplate::toBatchResult);
        }
        return new SplitBatch(requests, messages.size(), Deadline.nanosFromNow(timeoutMillis), mode)
                .start(batchPinOf(messages));
    }

    /** A batch too large for one request, sent as several in order, each once the one before is stored. */
    private final class SplitBatch {

        private final List<OutgoingMessage> requests;

        private final int total;

        private final long deadline;

        private final Call mode;

        private final List<BatchSendResult> stored = new ArrayList<>();

        private final CompletableFuture<BatchSendResult> result = new CompletableFuture<>();

        SplitBatch(List<OutgoingMessage> requests, int total, long deadline, Call mode) {
            this.requests = requests;
            this.total = total;
            this.deadline = deadline;
            this.mode = mode;
        }

        CompletableFuture<BatchSendResult> start(QueuePin pin) {
            send(0, pin);
            return result;
        }

        private void send(int index, QueuePin pin) {
            long left = Deadline.millisLeft(deadline);
            if (left <= 0) {
                failed(index, new MQNotSentException("send timeout used up before request " + (index + 1) + " of "
                        + requests.size() + " of a large batch"));
                return;
            }
            dispatch(requests.get(index), pin, left, mode, System.nanoTime(), MQTemplate::toBatchResult)
                    .whenComplete((done, error) -> {
                        if (error != null) {
                            failed(index, (MQException) Failures.unwrap(error));
                        } else if (index + 1 == requests.size()) {
                            stored.add(done);
                            result.complete(BatchSendResult.joined(stored));
                        } else {
                            stored.add(done);
                            // the rest follows into the same queue, so the batch stays in order in one queue
                            send(index + 1, QueuePin.fixed(done.queue()));
                        }
                    });
        }

        private void failed(int index, MQException failure) {
            if (index == 0) {
                result.completeExceptionally(failure); // nothing stored: as any batch that failed
                return;
            }
            List<String> storedIds = new ArrayList<>();
            stored.forEach(request -> storedIds.addAll(request.msgIds()));
            int failedEnd = storedIds.size() + requests.get(index).messageId().split(",").length;
            result.completeExceptionally(new MQBatchIncompleteException(storedIds, failedEnd, total, failure));
        }
    }

    private CompletableFuture<SendResult> submit(MQMessage message, Duration timeout, Call mode) {
        return submitSingle(message, timeout, mode, MQTemplate::sendPrepared);
    }

    private CompletableFuture<Void> submitOneway(MQMessage message, Duration timeout, Call mode) {
        return submitSingle(message, timeout, mode, MQTemplate::sendPreparedOneway);
    }

    /** A single message's send, inside the observer's observation when there is one. */
    private <R> CompletableFuture<R> submitSingle(MQMessage message, Duration timeout, Call mode,
            PreparedSend<MQMessage, OutgoingMessage, R> then) {
        if (observer == SendObserver.NONE) {
            return submit(message, MessagePreparation::prepare, MQTemplate::topicTag, timeout, mode, then);
        }
        refuseBlockingOnIoThread(mode); // before the observation starts, which would never stop otherwise
        SendObserver.ObservedSend observed = observer.start(message, mode.metricMode(), SendObserver.Kind.SEND);
        CompletableFuture<R> sent = submit(observed.message(message), MessagePreparation::prepare,
                MQTemplate::topicTag, timeout, mode, then);
        // the caller gets the future that completes after the observation has stopped with the send's outcome
        return sent.whenComplete((result, error) -> observed.stop(
                result instanceof SendResult sendResult ? sendResult : null, Failures.unwrap(error)));
    }

    private CompletableFuture<SendResult> sendPrepared(MQMessage message, OutgoingMessage outgoing,
            long timeoutMillis, Call mode, long started) {
        QueuePin pin = pinOf(message);
        boolean batched = batcher != null && mode == Call.ASYNC && pin == null && !message.isTimer()
                && message.waitStoreMsgOk() && batcher.accepts(outgoing);
        return dispatch(outgoing, pin, timeoutMillis, mode, started, MQTemplate::toResult, batched);
    }

    private CompletableFuture<Void> sendPreparedOneway(MQMessage message, OutgoingMessage outgoing,
            long timeoutMillis, Call mode, long started) {
        return dispatch(outgoing, pinOf(message), timeoutMillis, mode, started, receipt -> null);
    }

    /** What a send does once its input is prepared; see {@link #submit}. */
    @FunctionalInterface
    private interface PreparedSend<I, P, R> {

        CompletableFuture<R> send(MQTemplate template, I input, P prepared, long timeoutMillis, Call mode,
                long started);
    }

    /**
     * The path every send and batch takes: validate the timeout, prepare, check the template is open (a failure is
     * measured and returned as a failed future), then hand over to {@code then}. The functions are method references
     * and lambdas that capture nothing, so choosing single, one-way or batch costs no allocation per send.
     */
    private <I, P, R> CompletableFuture<R> submit(I input, BiFunction<MessagePreparation, I, P> preparing,
            Function<I, String> topicTag, Duration timeout, Call mode, PreparedSend<I, P, R> then) {
        refuseBlockingOnIoThread(mode);
        long started = System.nanoTime();
        P prepared;
        long timeoutMillis;
        try {
            timeoutMillis = MessageValidator.checkTimeout(timeout);
            prepared = preparing.apply(preparation, input);
            ensureOpen();
        } catch (MQException e) {
            metrics.sendCompleted(topicTag.apply(input), "none", mode.metricMode(), "ERROR", e,
                    System.nanoTime() - started);
            return CompletableFuture.failedFuture(e);
        }
        return then.send(this, input, prepared, timeoutMillis, mode, started);
    }

    /** Sync and one-way sends block their caller; on an I/O thread they would wait for work that thread must do. */
    private void refuseBlockingOnIoThread(Call mode) {
        if (mode.blocks() && parts.resources.inIoThread()) {
            throw new IllegalStateException("a blocking send from an mqtemplate I/O thread would deadlock: "
                    + "use sendAsync or sendOnewayAsync in callbacks of async sends");
        }
    }

    /** Sends a prepared message: bounds async sends in flight, tracks the send until it settles, measures it. */
    private <R> CompletableFuture<R> dispatch(OutgoingMessage outgoing, QueuePin pin, long timeoutMillis, Call mode,
            long started, Function<SendReceipt, R> toResult) {
        return dispatch(outgoing, pin, timeoutMillis, mode, started, toResult, false);
    }

    /** As above; {@code batched} sends go through automatic batching, which the caller found they qualify for. */
    private <R> CompletableFuture<R> dispatch(OutgoingMessage outgoing, QueuePin pin, long timeoutMillis, Call mode,
            long started, Function<SendReceipt, R> toResult, boolean batched) {
        int size = outgoing.bodyLength();
        boolean limited = !mode.blocks();
        if (limited) {
            try {
                long waited = asyncLimiter.acquire(size, !parts.resources.inIoThread());
                if (waited > 1_000_000L) {
                    metrics.backpressureWaited(outgoing.topic(), waited);
                }
            } catch (MQException e) {
                metrics.sendCompleted(outgoing.topic(), "none", mode.metricMode(), "ERROR", e,
                        System.nanoTime() - started);
                return CompletableFuture.failedFuture(e);
            }
        }
        PendingSend<R> pending = new PendingSend<>(outgoing, mode, started, limited, toResult);
        inFlight.put(pending, outgoing.messageId());
        if (mode.isOneway()) {
            parts.sender.sendOneway(outgoing, pin, timeoutMillis, pending);
        } else if (batched) {
            batcher.submit(outgoing, timeoutMillis, pending);
        } else {
            parts.sender.send(outgoing, pin, timeoutMillis, pending);
        }
        return pending;
    }

    /**
     * Waits for a blocking send, rethrowing its {@link MQException} with the caller's stack added. The send ends by
     * its own deadline; the wait here has a backstop beyond it, so that a bug in that chain cannot hang the caller.
     */
    private static <R> R join(CompletableFuture<R> future, Duration timeout) {
        long timeoutMillis = timeout == null || timeout.isNegative() ? 0 : Deadline.toMillis(timeout);
        long backstopMillis = Math.min(timeoutMillis, Deadline.MAX_MILLIS) + JOIN_BACKSTOP_MILLIS;
        try {
            return future.get(backstopMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MQException cause) {
                // rethrow our own type, with this thread's stack added for the caller's sake
                cause.addSuppressed(new Exception("blocking send called from here"));
                throw cause;
            }
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            String messageId = future instanceof PendingSend<?> pending ? pending.outgoing.messageId() : null;
            throw new MQOutcomeUnknownException("no outcome " + backstopMillis + " ms after the send started, past its "
                    + "own timeout (a bug: please report it)", messageId, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            String messageId = future instanceof PendingSend<?> pending ? pending.outgoing.messageId() : null;
            throw new MQOutcomeUnknownException("interrupted while waiting for the outcome", messageId, null, e);
        }
    }

    /** Where an ordered message must go: its queue, else its selector's pick, else its sharding key's; else null. */
    private static QueuePin pinOf(MQMessage message) {
        if (message.queue() != null) {
            return QueuePin.fixed(message.queue());
        }
        if (message.queueSelector() != null) {
            MessageQueueSelector selector = message.queueSelector();
            return QueuePin.chosenBy(queues -> selector.select(queues, message));
        }
        return message.shardingKey() == null ? null : QueuePin.byShardingKey(message.shardingKey());
    }

    /** A batch goes where its first message would: preparation made sure every message agrees. */
    private static QueuePin batchPinOf(List<MQMessage> messages) {
        return pinOf(messages.get(0));
    }

    private static String topicTag(MQMessage message) {
        return message == null || message.topic() == null ? "none" : message.topic();
    }

    private static String batchTopicTag(List<MQMessage> messages) {
        return messages == null || messages.isEmpty() ? "none" : topicTag(messages.get(0));
    }

    /** The broker name for the metrics tag, as on success; failures carry the address, so look its name up. */
    private String brokerOf(Throwable error) {
        String address = null;
        if (error instanceof MQOutcomeUnknownException unknown) {
            address = unknown.brokerAddress();
        } else if (error instanceof MQBrokerRejectedException rejected) {
            address = rejected.brokerAddress();
        } else if (error instanceof MQNotSentException notSent) {
            address = notSent.address();
        }
        if (address == null) {
            return "none";
        }
        String name = parts.routes.brokerNameAt(address);
        return name != null ? name : address; // a name server, or a broker no route names
    }

    /**
     * Writes a message without waiting for the broker's answer, within the configured send timeout. Returns once the
     * request is on the socket. Throws {@link MQNotSentException} when it was certainly not written (no route,
     * connection refused, write failed or never started in time), and {@link MQOutcomeUnknownException} when it was
     * handed to the socket and its write had not finished in time: its bytes may still reach the broker, so a retry
     * could store it twice. Like {@link #send(MQMessage)} it blocks, so it refuses to run on an I/O thread: use
     * {@link #sendOnewayAsync(MQMessage)} in callbacks.
     */
    @Override
    public void sendOneway(MQMessage message) {
        join(submitOneway(message, config.sendTimeout(), Call.ONEWAY), config.sendTimeout());
    }

    /**
     * As {@link #sendOneway(MQMessage)}, without blocking: the future completes once the request is on the socket,
     * or fails as {@link #sendOneway(MQMessage)} throws.
     */
    @Override
    public CompletableFuture<Void> sendOnewayAsync(MQMessage message) {
        return submitOneway(message, config.sendTimeout(), Call.ONEWAY_ASYNC);
    }

    /**
     * Sends a transactional message: the broker stores it half-way, invisible to consumers; then {@code local} runs on
     * this thread and decides; then END_TRANSACTION tells the broker to deliver or discard it. Within the configured
     * send timeout for the half message, plus that again for writing END_TRANSACTION.
     *
     * <p>The half message fails as any send does, and then {@code local} does not run. A local transaction that
     * throws counts as ROLLBACK, and its exception is rethrown once END_TRANSACTION is written. If END_TRANSACTION
     * cannot be written, the result says so ({@link TransactionResult#endDelivered()} false): the broker then asks
     * the producer group later (check-back). No delay level, timer or ordering option on a transactional message.
     */
    public TransactionResult sendInTransaction(MQMessage message, LocalTransaction local) {
        java.util.Objects.requireNonNull(local, "local");
        HalfMessage half = sendHalfMessage(message);
        TransactionDecision decision;
        Exception localFailure = null;
        try {
            decision = java.util.Objects.requireNonNull(local.execute(half.sendResult()), "local transaction decision");
        } catch (Exception e) {
            decision = TransactionDecision.ROLLBACK;
            localFailure = e;
        }
        TransactionResult result = half.end(decision, localFailure == null ? null : localFailure.toString());
        if (localFailure != null) {
            throw new IllegalStateException("local transaction failed; message " + half.sendResult().msgId()
                    + " rolled back" + (result.endDelivered() ? "" : " once the broker checks (END_TRANSACTION not "
                    + "written: " + result.endFailure().getMessage() + ")"), localFailure);
        }
        return result;
    }

    /**
     * Sends the half message of a transactional send, within the configured send timeout, and returns it unended:
     * the broker keeps it from consumers until {@link HalfMessage#commit()} or {@link HalfMessage#rollback()}, or
     * until its check-back settles it. It fails as any send does. No delay level, timer or ordering option.
     */
    public HalfMessage sendHalfMessage(MQMessage message) {
        refuseBlockingOnIoThread(Call.SYNC);
        if (observer == SendObserver.NONE) {
            return sendHalf(message);
        }
        SendObserver.ObservedSend observed = observer.start(message, SendMode.SYNC, SendObserver.Kind.TRANSACTIONAL);
        HalfMessage half;
        try {
            half = sendHalf(observed.message(message));
        } catch (RuntimeException e) {
            observed.stop(null, e);
            throw e;
        }
        observed.stop(half.sendResult(), null);
        return half;
    }

    private HalfMessage sendHalf(MQMessage message) {
        long started = System.nanoTime();
        OutgoingMessage half;
        try {
            half = preparation.prepareTransactional(message, parts.producerGroup);
            ensureOpen();
        } catch (MQException e) {
            metrics.sendCompleted(topicTag(message), "none", SendMode.SYNC, "ERROR", e, System.nanoTime() - started);
            throw e;
        }
        SendReceipt receipt = join(dispatch(half, null, Deadline.toMillis(config.sendTimeout()), Call.SYNC, started,
                stored -> stored), config.sendTimeout());
        return new HalfMessage(this, receipt, toResult(receipt));
    }

    /** Writes a half message's END_TRANSACTION; see {@link HalfMessage#end}. */
    TransactionResult endTransaction(SendReceipt receipt, SendResult halfResult, TransactionDecision decision,
            String reason) {
        MQException endFailure = null;
        try {
            join(parts.sender.writeOneway(receipt.brokerAddress(), TransactionEnd.request(parts.producerGroup,
                    namespace, receipt, decision.commitOrRollback(), reason), Deadline.toMillis(config.sendTimeout())),
                    config.sendTimeout());
        } catch (MQException e) {
            endFailure = e;
        }
        metrics.transactionEnded(receipt.queue().topic(), decision.name().toLowerCase(java.util.Locale.ROOT),
                endFailure == null);
        return new TransactionResult(halfResult, decision, endFailure == null, endFailure);
    }

    /**
     * Sends a request and waits for its reply, within {@code timeout} for both. The request is a message like any
     * other (ordering options included), carrying {@code CORRELATION_ID}, {@code REPLY_TO_CLIENT} (this client's id)
     * and {@code TTL} (the timeout in milliseconds), as the official client's {@code request} does; a responder
     * answers it with {@code MessageUtil.createReplyMessage} and any producer, and the broker pushes the reply to
     * this client. Before the request goes out, every known broker that has no heartbeat from this client on an open
     * connection gets one, since a broker pushes replies only to clients it knows; those are waited for at most half
     * the timeout, so a broker that is down does not hold the request back.
     *
     * <p>A request certainly not stored fails as its send does ({@link MQNotSentException},
     * {@link MQBrokerRejectedException}). No reply in time is {@link MQOutcomeUnknownException}: the request may have
     * been stored, even consumed; a reply that comes later is dropped and counted. A send whose outcome is unknown
     * still waits for a reply until the timeout, since the request may have been stored. A template closed before
     * the reply came fails it with {@link MQOutcomeUnknownException} caused by {@link MQClosedException}. Blocks, so
     * it refuses to run on an I/O thread.
     */
    @Override
    public ReplyMessage sendAndReceive(MQMessage request, Duration timeout) {
        return join(request(request, timeout, Call.SYNC), timeout);
    }

    /**
     * As {@link #sendAndReceive(MQMessage, Duration)}, without blocking; the future completes on an I/O thread and
     * fails only with an {@link MQException}.
     */
    @Override
    public CompletableFuture<ReplyMessage> sendAndReceiveAsync(MQMessage request, Duration timeout) {
        return request(request, timeout, Call.ASYNC);
    }

    /** A request-reply call, inside the observer's observation when there is one. */
    private CompletableFuture<ReplyMessage> request(MQMessage message, Duration timeout, Call mode) {
        refuseBlockingOnIoThread(mode);
        if (observer == SendObserver.NONE) {
            return requestUnobserved(message, timeout, mode);
        }
        SendObserver.ObservedSend observed = observer.start(message, mode.metricMode(), SendObserver.Kind.REQUEST);
        return requestUnobserved(observed.message(message), timeout, mode).whenComplete((reply, error) ->
                observed.stopRequest(reply, Failures.unwrap(error)));
    }

    /** A request-reply call: prepare the request, then {@link RequestReplyCall}, tracked until it ends. */
    private CompletableFuture<ReplyMessage> requestUnobserved(MQMessage message, Duration timeout, Call mode) {
        long started = System.nanoTime();
        String correlationId = UUID.randomUUID().toString();
        OutgoingMessage outgoing;
        long timeoutMillis;
        try {
            timeoutMillis = MessageValidator.checkTimeout(timeout);
            outgoing = preparation.prepareRequest(message, correlationId, parts.heartbeat.clientId(), timeoutMillis);
            ensureOpen();
        } catch (MQException e) {
            metrics.sendCompleted(topicTag(message), "none", mode.metricMode(), "ERROR", e,
                    System.nanoTime() - started);
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ReplyMessage> result = RequestReplyCall.start(parts, outgoing, correlationId, timeoutMillis,
                left -> dispatch(outgoing, pinOf(message), left, mode, started, receipt -> receipt));
        inFlight.put(result, outgoing.messageId());
        result.whenComplete((reply, error) -> settled(result));
        return result;
    }

    /**
     * Cancels a timer message not yet due, by the {@link SendResult#recallHandle()} its send returned (brokers 5.3.2
     * and later, with {@code recallMessageEnable=true}), within the configured send timeout. Returns the recalled
     * message's id. A malformed handle, or one for another topic, is refused before the network
     * ({@link MQValidationException}); a broker that refuses answers as {@link MQBrokerRejectedException}: code 3 when
     * it does not know RECALL_MESSAGE, 16 when recall is disabled, 604 when the message is already due. A well-formed
     * handle of a message the broker does not hold is accepted by the broker, and recalls nothing.
     */
    @Override
    public String recall(String topic, String recallHandle) {
        refuseBlockingOnIoThread(Call.SYNC);
        return join(recallAsync(topic, recallHandle, config.sendTimeout()), config.sendTimeout());
    }

    /** As {@link #recall(String, String)}, without blocking; the future fails only with an {@link MQException}. */
    @Override
    public CompletableFuture<String> recallAsync(String topic, String recallHandle) {
        return recallAsync(topic, recallHandle, config.sendTimeout());
    }

    /** As {@link #recallAsync(String, String)}, within the given time budget. */
    public CompletableFuture<String> recallAsync(String topic, String recallHandle, Duration timeout) {
        dev.mqtemplate.client.message.RecallHandle handle;
        long timeoutMillis;
        try {
            timeoutMillis = MessageValidator.checkTimeout(timeout);
            namespace.checkTopic(MessageValidator.checkTopic(topic));
            handle = dev.mqtemplate.client.message.RecallHandle.parse(recallHandle);
            // the handle names the topic the broker stored: in a namespace, the wrapped one
            String handleTopic = namespace.unwrap(handle.topic());
            if (!topic.equals(handleTopic)) {
                throw new MQValidationException("recallHandle", recallHandle, "is for topic '" + handleTopic
                        + "', not '" + topic + "'");
            }
            ensureOpen();
        } catch (MQException e) {
            return CompletableFuture.failedFuture(e);
        }
        return parts.recaller.recall(topic, recallHandle, handle, timeoutMillis);
    }

    /** A read-only, live view of this template's routes, connections and broker health. */
    public ClientStatus status() {
        return status;
    }

    /** The configuration this template runs with. */
    public MQClientConfig config() {
        return config;
    }

    /** The route cache, for this package's tests; others read {@link #status()}. */
    RouteCache routeCache() {
        return parts.routes;
    }

    /** The connection pool, for this package's tests; others read {@link #status()}. */
    ChannelPool channelPool() {
        return parts.channels;
    }

    /** Async sends not yet completed. */
    public int inFlightCount() {
        return inFlight.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops taking sends, waits for sends in flight up to the close timeout, completes the rest as outcome unknown,
     * unregisters from the brokers and closes connections (and threads, when this template created them).
     * Idempotent.
     *
     * <p>Called on one of the template's I/O threads (from a callback of an async send), it cannot wait there: the
     * sends it would wait for complete on those threads. Then it stops taking sends at once and finishes the close on
     * a thread of its own, which ends when the close is done.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (parts.resources.inIoThread()) {
            Thread closer = new Thread(this::closeNow, "mqtemplate-close");
            closer.setDaemon(true);
            closer.start();
            return;
        }
        closeNow();
    }

    private void closeNow() {
        long deadline = Deadline.nanosFromNow(config.closeTimeout().toMillis());
        synchronized (closeLock) {
            try {
                while (!inFlight.isEmpty() && System.nanoTime() - deadline < 0) {
                    closeLock.wait(Math.max(1, Deadline.millisLeft(deadline)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (batcher != null) {
            batcher.failWaiting("template closed before the automatic batch this message waited for went out");
        }
        parts.unregister(Duration.ofMillis(Math.min(500, config.closeTimeout().toMillis() + 1)));
        // requests still waiting for a reply: theirs cannot come any more
        parts.replies.close();
        // whatever is still in flight after the close timeout is completed here: nobody is left waiting
        inFlight.forEach((future, messageId) -> future.completeExceptionally(new MQOutcomeUnknownException(
                "template closed before an answer came", messageId, null, null)));
        inFlight.clear();
        parts.close();
        preparation.close();
    }

    private void settled(CompletableFuture<?> result) {
        inFlight.remove(result);
        if (closed && inFlight.isEmpty()) {
            synchronized (closeLock) {
                closeLock.notifyAll();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new MQClosedException("MQTemplate");
        }
    }

    /**
     * A send between dispatch and its outcome: the future handed to the caller, and the sender's callback that
     * completes it, in one object.
     */
    private final class PendingSend<R> extends CompletableFuture<R> implements SendOutcome {

        private final OutgoingMessage outgoing;

        private final Call mode;

        private final long started;

        private final boolean limited;

        private final Function<SendReceipt, R> toResult;

        PendingSend(OutgoingMessage outgoing, Call mode, long started, boolean limited,
                Function<SendReceipt, R> toResult) {
            this.outgoing = outgoing;
            this.mode = mode;
            this.started = started;
            this.limited = limited;
            this.toResult = toResult;
        }

        // The caller's future completes first, then the bookkeeping: nothing after it can keep a caller waiting.

        @Override
        public void sent(SendReceipt receipt) {
            long nanos = settle();
            try {
                complete(toResult.apply(receipt));
            } catch (RuntimeException e) {
                completeExceptionally(new MQOutcomeUnknownException("the broker stored the message but its receipt "
                        + "could not be read: " + e, outgoing.messageId(), receipt.brokerAddress(), e));
            }
            settled(this);
            metrics.sendCompleted(outgoing.topic(), receipt.queue().brokerName(), mode.metricMode(),
                    status(receipt).name(), null, nanos);
        }

        @Override
        public void written(MessageQueue queue, int attempts) {
            long nanos = settle();
            complete(null);
            settled(this);
            metrics.sendCompleted(outgoing.topic(), queue.brokerName(), mode.metricMode(), "WRITTEN", null, nanos);
        }

        @Override
        public void failed(MQException failure) {
            long nanos = settle();
            completeExceptionally(failure);
            settled(this);
            metrics.sendCompleted(outgoing.topic(), brokerOf(failure), mode.metricMode(), "ERROR", failure, nanos);
        }

        /** Gives back the async budget; returns the send's duration. */
        private long settle() {
            if (limited) {
                asyncLimiter.release(outgoing.bodyLength());
            }
            return System.nanoTime() - started;
        }
    }

    /** How a send was called: whether its caller blocks, whether it waits for an answer, and its metrics tag. */
    private enum Call {
        SYNC(true, false, SendMode.SYNC),
        ASYNC(false, false, SendMode.ASYNC),
        ONEWAY(true, true, SendMode.ONEWAY),
        ONEWAY_ASYNC(false, true, SendMode.ONEWAY);

        private final boolean blocks;

        private final boolean oneway;

        private final SendMode metricMode;

        Call(boolean blocks, boolean oneway, SendMode metricMode) {
            this.blocks = blocks;
            this.oneway = oneway;
            this.metricMode = metricMode;
        }

        boolean blocks() {
            return blocks;
        }

        boolean isOneway() {
            return oneway;
        }

        SendMode metricMode() {
            return metricMode;
        }
    }

    private static SendStatus status(SendReceipt receipt) {
        return switch (receipt.responseCode()) {
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> SendStatus.SEND_OK;
        };
    }

    private static SendResult toResult(SendReceipt receipt) {
        return new SendResult(status(receipt), receipt.messageId(), receipt.offsetMsgId(), receipt.queue(),
                receipt.queueOffset(), receipt.transactionId(), receipt.attempts(), receipt.recallHandle());
    }

    private static BatchSendResult toBatchResult(SendReceipt receipt) {
        return new BatchSendResult(status(receipt), List.of(receipt.messageId().split(",")),
                receipt.offsetMsgId() == null ? List.of() : List.of(receipt.offsetMsgId().split(",")), receipt.queue(),
                receipt.queueOffset(), receipt.attempts());
    }

    /**
     * Assembles an {@link MQTemplate} from its configuration, with threads of its own unless given shared ones, and
     * metrics if given.
     */
    public static final class Builder {

        private final MQClientConfig config;

        private ClientResources resources;

        private SendMetrics metrics = SendMetrics.NONE;

        private SendObserver observer = SendObserver.NONE;

        private final TransactionCheckers.Registry checkers = new TransactionCheckers.Registry();

        private Builder(MQClientConfig config) {
            this.config = java.util.Objects.requireNonNull(config, "config");
        }

        /** Threads to run on, shared and closed by their owner; by default the template creates and closes its own. */
        public Builder resources(ClientResources resources) {
            this.resources = resources;
            return this;
        }

        /** Where to report sends, compression and route lookups; nothing by default. */
        public Builder metrics(SendMetrics metrics) {
            this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Observes each single-message send (tracing: a hook that may add properties such as {@code traceparent});
         * batches, transactional and request-reply sends are not observed. None by default.
         */
        public Builder observer(SendObserver observer) {
            this.observer = java.util.Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Answers the broker's checks of transactional messages to {@code topic} (several checkers, one per topic).
         * A check for a topic without a checker is answered UNKNOWN (the broker asks again, then gives up) and
         * counted as {@code unmatched} in the {@code mq.transaction.checks} metric.
         */
        public Builder transactionChecker(String topic, TransactionChecker checker) {
            checkers.addForTopic(topic, checker);
            return this;
        }

        /**
         * Answers the broker's checks of transactional messages that carry the user property {@code name} with
         * {@code value}, whatever their topic: for one checker per kind of transaction across topics. A property
         * checker is asked before a topic's; several are tried in the order they were added.
         */
        public Builder transactionCheckerForProperty(String name, String value, TransactionChecker checker) {
            checkers.addForProperty(name, value, checker);
            return this;
        }

        public MQTemplate build() {
            return new MQTemplate(this);
        }
    }
}
