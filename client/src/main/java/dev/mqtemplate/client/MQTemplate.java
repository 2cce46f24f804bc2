package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.metrics.SendMode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.BrokerHealth;
import dev.mqtemplate.client.send.BrokerProbe;
import dev.mqtemplate.client.send.HeartbeatSender;
import dev.mqtemplate.client.send.InFlightLimiter;
import dev.mqtemplate.client.send.MessageSender;
import dev.mqtemplate.client.send.OutgoingMessage;
import dev.mqtemplate.client.send.SendOutcome;
import dev.mqtemplate.client.send.SendReceipt;
import dev.mqtemplate.client.send.SendRequestEncoder;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Sends messages to RocketMQ: synchronously, asynchronously or one-way. Every send funnels into one path: validate,
 * route, select a queue, encode, write, map the answer. Failures are {@link MQException}s of three kinds:
 * {@link MQNotSentException} (nothing stored, validation included), {@link dev.mqtemplate.client.error.MQBrokerRejectedException}
 * (the broker refused) and {@link MQOutcomeUnknownException} (written, no answer).
 *
 * <p>Thread-safe; create one per application and share it. Async results complete on an I/O thread: keep callbacks
 * short, and do not call the blocking {@link #send(MQMessage)} from them. {@link #close()} stops taking sends, waits
 * for sends in flight up to the close timeout, completes the rest as outcome unknown and releases every thread it
 * created.
 */
public class MQTemplate implements AutoCloseable {

    private final MQClientConfig config;

    private final ClientResources resources;

    private final ChannelPool channelPool;

    private final RouteCache routeCache;

    private final HeartbeatSender heartbeat;

    private final BrokerProbe probe;

    private final MessageSender sender;

    private final MessagePreparation preparation;

    private final SendMetrics metrics;

    private final InFlightLimiter asyncLimiter;

    /** What this template created itself and so closes, in closing order; parts it was given stay their owner's. */
    private final List<AutoCloseable> owned;

    private final Map<CompletableFuture<?>, String> inFlight = new ConcurrentHashMap<>();

    private final Object closeLock = new Object();

    private volatile boolean closed;

    private MQTemplate(Builder builder) {
        this.config = builder.config;
        this.metrics = builder.metrics;
        this.asyncLimiter = new InFlightLimiter(config.maxInFlight(), config.maxInFlightBytes(),
                config.backpressurePolicy(), config.backpressureMaxWait());
        List<AutoCloseable> created = new ArrayList<>();
        NameServerLookup.parseAddresses(config.nameServer());
        String group = MessageValidator.checkProducerGroup(config.producerGroup());
        if (builder.resources == null) {
            ClientResources own = ClientResources.create();
            created.add(() -> own.close(config.closeTimeout()));
            this.resources = own;
        } else {
            this.resources = builder.resources;
        }
        try {
            ChannelPool pool = builder.channelPool;
            if (pool == null) {
                pool = new ChannelPool(resources, new TransportOptions(config.connectTimeout(),
                        config.connectionsPerBroker(), config.maxFrameLength(), config.headerSerialization()));
                created.add(0, pool);
            }
            this.channelPool = pool;
            RouteCache routes = builder.routeCache;
            if (routes == null) {
                NameServerLookup lookup = builder.nameServerLookup != null ? builder.nameServerLookup
                        : new NameServerLookup(config.nameServer(), pool, config.lookupTimeout(), metrics);
                routes = new RouteCache(lookup, resources.eventLoopGroup(), config.routeRefreshInterval());
                created.add(0, routes);
            }
            this.routeCache = routes;
            SendRequestEncoder encoder = builder.encoder != null ? builder.encoder : new SendRequestEncoder(group);
            this.preparation = new MessagePreparation(config, metrics);
            BrokerHealth health = new BrokerHealth();
            this.sender = new MessageSender(routeCache, channelPool, encoder, health, config.retries(),
                    config.retryUnknownOutcome(), metrics);
            this.heartbeat = new HeartbeatSender(routeCache, channelPool, encoder.producerGroup(),
                    resources.eventLoopGroup(), config.heartbeatInterval());
            this.probe = new BrokerProbe(health, routeCache, channelPool, heartbeat, resources.eventLoopGroup(),
                    BrokerProbe.DEFAULT_INTERVAL);
        } catch (RuntimeException e) {
            closeQuietly(created);
            throw e;
        }
        this.owned = List.copyOf(created);
    }

    /**
     * Creates a template with its own threads and connections. Refuses, naming the value, a missing or malformed
     * name-server address and an invalid producer group.
     */
    public static MQTemplate create(MQClientConfig config) {
        return builder(config).build();
    }

    /** Starts a template from its configuration; parts not given are created (and later closed) by the template. */
    public static Builder builder(MQClientConfig config) {
        return new Builder(config);
    }

    /** Sends a body to {@code topic} or {@code topic:tags}, synchronously. */
    public SendResult send(String destination, byte[] body) {
        return send(fromDestination(destination).body(body).build());
    }

    /** Sends synchronously within the configured send timeout, retries included. */
    public SendResult send(MQMessage message) {
        return send(message, config.sendTimeout());
    }

    /** Sends synchronously within the given time budget, retries included. */
    public SendResult send(MQMessage message, Duration timeout) {
        return join(submit(message, timeout, SendMode.SYNC));
    }

    /** Sends asynchronously within the configured send timeout; the future never fails with anything but an {@link MQException}. */
    public CompletableFuture<SendResult> sendAsync(MQMessage message) {
        return sendAsync(message, config.sendTimeout());
    }

    /** Sends asynchronously within the given time budget. Invalid input and a closed template give a failed future at once. */
    public CompletableFuture<SendResult> sendAsync(MQMessage message, Duration timeout) {
        return submit(message, timeout, SendMode.ASYNC);
    }

    /**
     * Sends messages as one batch, synchronously, within the configured send timeout: they are stored together, in
     * one queue, in the order given, or not at all. All must go to one topic, with no delay level; the encoded batch
     * must fit the broker's maxMessageSize. Bodies of a batch are not compressed.
     */
    public BatchSendResult sendBatch(List<MQMessage> messages) {
        return sendBatch(messages, config.sendTimeout());
    }

    /** Sends messages as one batch, synchronously, within the given time budget; see {@link #sendBatch(List)}. */
    public BatchSendResult sendBatch(List<MQMessage> messages, Duration timeout) {
        return join(sendBatchAsync(messages, timeout, SendMode.SYNC));
    }

    /** Sends messages as one batch, asynchronously; see {@link #sendBatch(List)}. */
    public CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages) {
        return sendBatchAsync(messages, config.sendTimeout());
    }

    /** Sends messages as one batch, asynchronously, within the given time budget; see {@link #sendBatch(List)}. */
    public CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages, Duration timeout) {
        return sendBatchAsync(messages, timeout, SendMode.ASYNC);
    }

    private CompletableFuture<BatchSendResult> sendBatchAsync(List<MQMessage> messages, Duration timeout,
            SendMode mode) {
        return submit(messages, MessagePreparation::prepareBatch, MQTemplate::batchTopicTag, timeout, mode,
                MQTemplate::toBatchResult);
    }

    private CompletableFuture<SendResult> submit(MQMessage message, Duration timeout, SendMode mode) {
        return submit(message, MessagePreparation::prepare, MQTemplate::topicTag, timeout, mode, MQTemplate::toResult);
    }

    /**
     * The path every sync and async send takes: validate and prepare, then {@link #dispatch}. The functions are
     * method references that capture nothing, so choosing single or batch costs no allocation per send.
     */
    private <I, R> CompletableFuture<R> submit(I input, BiFunction<MessagePreparation, I, OutgoingMessage> preparing,
            Function<I, String> topicTag, Duration timeout, SendMode mode, Function<SendReceipt, R> toResult) {
        refuseBlockingOnIoThread(mode);
        long started = System.nanoTime();
        OutgoingMessage outgoing;
        long timeoutMillis;
        try {
            timeoutMillis = MessageValidator.checkTimeout(timeout);
            outgoing = preparing.apply(preparation, input);
            ensureOpen();
        } catch (MQException e) {
            metrics.sendCompleted(topicTag.apply(input), "none", mode, "ERROR", e, System.nanoTime() - started);
            return CompletableFuture.failedFuture(e);
        }
        return dispatch(outgoing, timeoutMillis, mode, started, toResult);
    }

    private void refuseBlockingOnIoThread(SendMode mode) {
        if (mode == SendMode.SYNC && resources.inIoThread()) {
            throw new IllegalStateException("a blocking send from an mqtemplate I/O thread would deadlock: "
                    + "use sendAsync in callbacks of async sends");
        }
    }

    /** Sends a prepared message: bounds async sends in flight, tracks the send until it settles, measures it. */
    private <R> CompletableFuture<R> dispatch(OutgoingMessage outgoing, long timeoutMillis, SendMode mode,
            long started, Function<SendReceipt, R> toResult) {
        int size = outgoing.bodyLength();
        boolean limited = mode == SendMode.ASYNC;
        if (limited) {
            try {
                long waited = asyncLimiter.acquire(size, !resources.inIoThread());
                if (waited > 1_000_000L) {
                    metrics.backpressureWaited(outgoing.topic(), waited);
                }
            } catch (MQException e) {
                metrics.sendCompleted(outgoing.topic(), "none", mode, "ERROR", e, System.nanoTime() - started);
                return CompletableFuture.failedFuture(e);
            }
        }
        PendingSend<R> pending = new PendingSend<>(outgoing, mode, started, limited, toResult);
        inFlight.put(pending, outgoing.messageId());
        sender.send(outgoing, timeoutMillis, pending);
        return pending;
    }

    /** Waits for a sync send, rethrowing its {@link MQException} with the caller's stack added. */
    private static <R> R join(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MQException cause) {
                // rethrow our own type, with this thread's stack added for the caller's sake
                cause.addSuppressed(new Exception("sync send called from here"));
                throw cause;
            }
            throw e;
        }
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
        String name = routeCache.brokerNameAt(address);
        return name != null ? name : address; // a name server, or a broker no route names
    }

    /**
     * Writes a message without waiting for the broker's answer. Returns once the request is on the socket; throws
     * {@link MQNotSentException} when it could not be written (no route, connection refused, not writable in time).
     */
    public void sendOneway(MQMessage message) {
        long started = System.nanoTime();
        try {
            OutgoingMessage outgoing = preparation.prepare(message);
            ensureOpen();
            MessageQueue queue = sender.sendOneway(outgoing, config.sendTimeout().toMillis()).join();
            metrics.sendCompleted(outgoing.topic(), queue.brokerName(), SendMode.ONEWAY, "WRITTEN", null,
                    System.nanoTime() - started);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            metrics.sendCompleted(topicTag(message), brokerOf(cause), SendMode.ONEWAY, "ERROR", cause,
                    System.nanoTime() - started);
            if (cause instanceof MQException known) {
                throw known;
            }
            throw e;
        } catch (MQException e) {
            metrics.sendCompleted(topicTag(message), "none", SendMode.ONEWAY, "ERROR", e, System.nanoTime() - started);
            throw e;
        }
    }

    /** The configuration this template runs with. */
    public MQClientConfig config() {
        return config;
    }

    /** The route cache (for metrics and health checks). */
    public RouteCache routeCache() {
        return routeCache;
    }

    /** The connection pool (for metrics and health checks). */
    public ChannelPool channelPool() {
        return channelPool;
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
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            long deadline = System.nanoTime() + config.closeTimeout().toNanos();
            try {
                while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
                    closeLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        probe.close();
        heartbeat.unregister(Duration.ofMillis(Math.min(500, config.closeTimeout().toMillis() + 1)));
        // whatever is still in flight after the close timeout is completed here: nobody is left waiting
        inFlight.forEach((future, messageId) -> future.completeExceptionally(new MQOutcomeUnknownException(
                "template closed before an answer came", messageId, null, null)));
        inFlight.clear();
        closeQuietly(owned);
    }

    private static void closeQuietly(List<AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing goes on: one part failing to close must not keep the others open
            }
        }
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

        private final SendMode mode;

        private final long started;

        private final boolean limited;

        private final Function<SendReceipt, R> toResult;

        PendingSend(OutgoingMessage outgoing, SendMode mode, long started, boolean limited,
                Function<SendReceipt, R> toResult) {
            this.outgoing = outgoing;
            this.mode = mode;
            this.started = started;
            this.limited = limited;
            this.toResult = toResult;
        }

        @Override
        public void sent(SendReceipt receipt) {
            long nanos = settle();
            metrics.sendCompleted(outgoing.topic(), receipt.queue().brokerName(), mode, status(receipt).name(), null,
                    nanos);
            complete(toResult.apply(receipt));
            settled(this);
        }

        @Override
        public void failed(MQException failure) {
            long nanos = settle();
            metrics.sendCompleted(outgoing.topic(), brokerOf(failure), mode, "ERROR", failure, nanos);
            completeExceptionally(failure);
            settled(this);
        }

        /** Gives back the async budget; returns the send's duration. */
        private long settle() {
            if (limited) {
                asyncLimiter.release(outgoing.bodyLength());
            }
            return System.nanoTime() - started;
        }
    }

    private static MQMessage.Builder fromDestination(String destination) {
        if (destination == null || destination.isBlank()) {
            throw new MQValidationException("destination", destination, "must be 'topic' or 'topic:tags'");
        }
        int colon = destination.indexOf(':');
        if (colon < 0) {
            return MQMessage.builder(destination);
        }
        return MQMessage.builder(destination.substring(0, colon)).tags(destination.substring(colon + 1));
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
                receipt.queueOffset(), receipt.transactionId(), receipt.attempts());
    }

    private static BatchSendResult toBatchResult(SendReceipt receipt) {
        return new BatchSendResult(status(receipt), List.of(receipt.messageId().split(",")),
                receipt.offsetMsgId() == null ? List.of() : List.of(receipt.offsetMsgId().split(",")), receipt.queue(),
                receipt.queueOffset(), receipt.attempts());
    }

    /** Assembles an {@link MQTemplate}; every part is optional and created from the configuration when absent. */
    public static final class Builder {

        private final MQClientConfig config;

        private ClientResources resources;

        private ChannelPool channelPool;

        private NameServerLookup nameServerLookup;

        private RouteCache routeCache;

        private SendRequestEncoder encoder;

        private SendMetrics metrics = SendMetrics.NONE;

        private Builder(MQClientConfig config) {
            this.config = java.util.Objects.requireNonNull(config, "config");
        }

        /** Threads to run on, shared and closed by their owner; by default the template creates and closes its own. */
        public Builder resources(ClientResources resources) {
            this.resources = resources;
            return this;
        }

        public Builder channelPool(ChannelPool channelPool) {
            this.channelPool = channelPool;
            return this;
        }

        /** Used only when no route cache is given. */
        public Builder nameServerLookup(NameServerLookup nameServerLookup) {
            this.nameServerLookup = nameServerLookup;
            return this;
        }

        public Builder routeCache(RouteCache routeCache) {
            this.routeCache = routeCache;
            return this;
        }

        public Builder encoder(SendRequestEncoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** Where to report sends, compression and route lookups; nothing by default. */
        public Builder metrics(SendMetrics metrics) {
            this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public MQTemplate build() {
            return new MQTemplate(this);
        }
    }
}
