package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One long-lived connection to a broker or name server and the requests in flight on it, matched to their answers
 * by opaque id. When the connection closes, every request still in flight completes at once: nobody waits out a
 * timeout on a dead connection. Thread-safe.
 */
public final class Connection {

    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();

    private final Channel channel;

    private final String address;

    private final Map<Integer, InFlight> inFlight = new ConcurrentHashMap<>();

    private volatile Throwable closeCause;

    private volatile boolean closedByUs;

    Connection(Channel channel, String address) {
        this.channel = channel;
        this.address = address;
    }

    /** The {@code host:port} this connection goes to. */
    public String address() {
        return address;
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Number of requests written or being written and not yet answered. */
    public int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Sends a request and completes with its answer. Fails with {@link MQNotSentException} when the request could
     * not be written, and with {@link NoResponseException} when it was written and no answer came in time.
     */
    public CompletableFuture<RemotingCommand> request(RemotingCommand request, long timeoutMillis) {
        int opaque = NEXT_OPAQUE.incrementAndGet();
        InFlight call = new InFlight(opaque);
        inFlight.put(opaque, call);
        if (!channel.isActive()) {
            // closed between acquire and now: the close sweep may already have run, so fail it here
            inFlight.remove(opaque);
            call.completeExceptionally(notSent("connection is closed", closeCause));
            return call;
        }
        call.timeout = channel.eventLoop().schedule(() -> expire(opaque, timeoutMillis), timeoutMillis,
                TimeUnit.MILLISECONDS);
        channel.writeAndFlush(request.withOpaque(opaque)).addListener((ChannelFuture written) -> {
            if (!written.isSuccess() && inFlight.remove(opaque, call)) {
                call.cancelTimeout();
                call.completeExceptionally(notSent("write failed", written.cause()));
            }
        });
        return call;
    }

    /**
     * Sends a request that gets no answer; completes once the request is written to the socket, or fails with
     * {@link MQNotSentException} when it could not be written within the timeout.
     */
    public CompletableFuture<Void> oneway(RemotingCommand request, long timeoutMillis) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (!channel.isActive()) {
            written.completeExceptionally(notSent("connection is closed", closeCause));
            return written;
        }
        ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> written.completeExceptionally(
                notSent("not written within " + timeoutMillis + " ms", null)), timeoutMillis, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(request.withOpaque(NEXT_OPAQUE.incrementAndGet()).asOneway())
                .addListener((ChannelFuture done) -> {
                    timeout.cancel(false);
                    if (done.isSuccess()) {
                        written.complete(null);
                    } else {
                        written.completeExceptionally(notSent("write failed", done.cause()));
                    }
                });
        return written;
    }

    /** Closes the connection; requests in flight complete with {@link NoResponseException.Reason#CLOSED}. */
    public void close() {
        closedByUs = true;
        failAll(NoResponseException.Reason.CLOSED, "connection pool closed", null);
        channel.close();
    }

    /** Whether {@link #close()} was called, as opposed to the peer or an error closing the connection. */
    boolean closedByUs() {
        return closedByUs;
    }

    /** Called on the event loop with each answer. */
    void onResponse(RemotingCommand response) {
        InFlight call = inFlight.remove(response.opaque());
        if (call != null) {
            call.cancelTimeout();
            call.complete(response);
        }
        // an answer nobody waits for (it timed out already) is dropped
    }

    /** Called on the event loop when the channel has closed, for whatever reason. */
    void onClosed() {
        Throwable cause = closeCause;
        failAll(NoResponseException.Reason.CONNECTION_LOST,
                "connection to " + address + " closed" + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }

    void recordCause(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
    }

    private void failAll(NoResponseException.Reason reason, String detail, Throwable cause) {
        for (Integer opaque : inFlight.keySet()) {
            InFlight call = inFlight.remove(opaque);
            if (call != null) {
                call.cancelTimeout();
                call.completeExceptionally(new NoResponseException(reason, address, detail, cause));
            }
        }
    }

    private void expire(int opaque, long timeoutMillis) {
        InFlight call = inFlight.remove(opaque);
        if (call != null) {
            call.completeExceptionally(new NoResponseException(NoResponseException.Reason.TIMEOUT, address,
                    "no answer from " + address + " within " + timeoutMillis + " ms", null));
        }
    }

    private MQNotSentException notSent(String what, Throwable cause) {
        return new MQNotSentException("request to " + address + " not sent: " + what
                + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), address, cause);
    }

    @Override
    public String toString() {
        return "Connection[" + address + ", " + (isActive() ? "active" : "closed") + ", in flight " + inFlight.size() + "]";
    }

    /** A request waiting for its answer; the future itself, to save an allocation per request. */
    private static final class InFlight extends CompletableFuture<RemotingCommand> {

        final int opaque;

        volatile ScheduledFuture<?> timeout;

        InFlight(int opaque) {
            this.opaque = opaque;
        }

        void cancelTimeout() {
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
