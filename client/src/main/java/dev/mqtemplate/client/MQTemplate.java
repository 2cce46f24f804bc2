package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.BrokerHealth;
import dev.mqtemplate.client.send.HeartbeatSender;
import dev.mqtemplate.client.send.MessageSender;
import dev.mqtemplate.client.send.OutgoingMessage;
import dev.mqtemplate.client.send.SendReceipt;
import dev.mqtemplate.client.send.SendRequestEncoder;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

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

    private final boolean ownsResources;

    private final ChannelPool channelPool;

    private final RouteCache routeCache;

    private final HeartbeatSender heartbeat;

    private final MessageSender sender;

    private final MessagePreparation preparation;

    private final Map<CompletableFuture<SendResult>, String> inFlight = new ConcurrentHashMap<>();

    private final Object closeLock = new Object();

    private volatile boolean closed;

    /**
     * Builds a template from its parts. The parts stay owned by the caller except as {@code ownsResources} says:
     * close() closes the channel pool and route cache it was given, and the resources only when it owns them.
     */
    public MQTemplate(MQClientConfig config, ClientResources resources, boolean ownsResources, ChannelPool channelPool,
            RouteCache routeCache, SendRequestEncoder encoder) {
        this.config = config;
        this.resources = resources;
        this.ownsResources = ownsResources;
        this.channelPool = channelPool;
        this.routeCache = routeCache;
        this.preparation = new MessagePreparation(config);
        this.sender = new MessageSender(routeCache, channelPool, encoder, new BrokerHealth(), config.retries(),
                config.retryUnknownOutcome());
        this.heartbeat = new HeartbeatSender(routeCache, channelPool, encoder.producerGroup(),
                resources.eventLoopGroup(), config.heartbeatInterval());
    }

    /**
     * Creates a template with its own threads and connections. Refuses, naming the value, a missing or malformed
     * name-server address and an invalid producer group.
     */
    public static MQTemplate create(MQClientConfig config) {
        NameServerLookup.parseAddresses(config.nameServer());
        String group = MessageValidator.checkProducerGroup(config.producerGroup());
        ClientResources resources = ClientResources.create();
        try {
            ChannelPool pool = new ChannelPool(resources, new TransportOptions(config.connectTimeout(),
                    config.connectionsPerBroker(), config.maxFrameLength(), config.headerSerialization()));
            NameServerLookup lookup = new NameServerLookup(config.nameServer(), pool, config.lookupTimeout());
            RouteCache routes = new RouteCache(lookup, resources.eventLoopGroup(), config.routeRefreshInterval());
            return new MQTemplate(config, resources, true, pool, routes, new SendRequestEncoder(group));
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
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
        if (isIoThread()) {
            throw new IllegalStateException("a blocking send from an mqtemplate I/O thread would deadlock: "
                    + "use sendAsync in callbacks of async sends");
        }
        try {
            return sendAsync(message, timeout).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MQException cause) {
                // rethrow our own type, with this thread's stack added for the caller's sake
                cause.addSuppressed(new Exception("sync send called from here"));
                throw cause;
            }
            throw e;
        }
    }

    /** Sends asynchronously within the configured send timeout; the future never fails with anything but an {@link MQException}. */
    public CompletableFuture<SendResult> sendAsync(MQMessage message) {
        return sendAsync(message, config.sendTimeout());
    }

    /** Sends asynchronously within the given time budget. Invalid input and a closed template give a failed future at once. */
    public CompletableFuture<SendResult> sendAsync(MQMessage message, Duration timeout) {
        OutgoingMessage outgoing;
        long timeoutMillis;
        try {
            timeoutMillis = MessageValidator.checkTimeout(timeout);
            outgoing = preparation.prepare(message);
            ensureOpen();
        } catch (MQException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        inFlight.put(result, outgoing.messageId());
        sender.send(outgoing, timeoutMillis).whenComplete((receipt, error) -> {
            if (error == null) {
                result.complete(toResult(receipt));
            } else {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
            settled(result);
        });
        return result;
    }

    /**
     * Writes a message without waiting for the broker's answer. Returns once the request is on the socket; throws
     * {@link MQNotSentException} when it could not be written (no route, connection refused, not writable in time).
     */
    public void sendOneway(MQMessage message) {
        OutgoingMessage outgoing = preparation.prepare(message);
        ensureOpen();
        try {
            sender.sendOneway(outgoing, config.sendTimeout().toMillis()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MQException cause) {
                throw cause;
            }
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
        heartbeat.unregister(Duration.ofMillis(Math.min(500, config.closeTimeout().toMillis() + 1)));
        routeCache.close();
        channelPool.close();
        // whatever the pool could not reach (a send between steps) is completed here: nobody is left waiting
        inFlight.forEach((future, messageId) -> future.completeExceptionally(new MQOutcomeUnknownException(
                "template closed before an answer came", messageId, null, null)));
        inFlight.clear();
        if (ownsResources) {
            resources.close(config.closeTimeout());
        }
    }

    private void settled(CompletableFuture<SendResult> result) {
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

    private boolean isIoThread() {
        for (EventExecutor executor : resources.eventLoopGroup()) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
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

    private static SendResult toResult(SendReceipt receipt) {
        SendStatus status = switch (receipt.responseCode()) {
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> SendStatus.SEND_OK;
        };
        return new SendResult(status, receipt.messageId(), receipt.offsetMsgId(), receipt.queue(),
                receipt.queueOffset(), receipt.transactionId(), receipt.attempts());
    }
}
