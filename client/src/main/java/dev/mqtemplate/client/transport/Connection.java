package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQTlsException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.ResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.lang.System.Logger.Level;

/**
 * One long-lived connection to a broker or name server and the requests in flight on it, matched to their answers
 * by opaque id. When the connection closes, every request still in flight completes at once: nobody waits out a
 * timeout on a dead connection. Thread-safe.
 *
 * <p>Callers hand requests over through a queue that the connection's I/O thread drains, writing all it finds with
 * one flush. The table of requests in flight belongs to that thread too: a request enters it as it is written, and
 * leaves it with its answer, its deadline, a failed write or the close, all on that thread. So the table needs no
 * locks and no boxed keys.
 */
public final class Connection {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    /** How often deadlines of requests in flight are checked, while there are any. */
    private static final long DEADLINE_TICK_MILLIS = 10;

    /** Most requests one drain writes before it flushes and yields to other work on the I/O thread. */
    private static final int MAX_WRITES_PER_FLUSH = 256;

    /** How long {@link #close()} waits for the I/O thread to complete the requests in flight. */
    private static final long CLOSE_SWEEP_WAIT_MILLIS = 1000;

    private final Channel channel;

    private final EventLoop eventLoop;

    private final String address;

    /** Requests in flight by {@link #slotKey(int) slot key}; I/O thread only. */
    private final IntObjectHashMap<PendingRequest> inFlight = new IntObjectHashMap<>();

    /** Requests handed over by callers and not yet written; drained on the I/O thread. */
    private final Queue<PendingRequest> outbox = PlatformDependent.newMpscQueue();

    /** Whether a drain of {@link #outbox} is scheduled and has not started yet. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private final Runnable drainOutbox = this::drainOutbox;

    /** The size of {@link #inFlight}, for readers on other threads. */
    private volatile int inFlightCount;

    /** The next check of deadlines, while requests are in flight; I/O thread only. */
    private ScheduledFuture<?> deadlineWatch;

    private final Runnable expireOverdue = this::expireOverdue;

    /** The last opaque given; I/O thread only. */
    private int lastOpaque;

    private volatile Throwable closeCause;

    private volatile boolean closedByUs;

    /** Told when the connection is lost with requests in flight or with an error; see {@link #onClosed()}. */
    private final Runnable lostWhileBusy;

    /** Whether this connection runs over TLS. */
    private final boolean tls;

    /** Whether the peer has sent a frame on this connection; I/O thread only. */
    private boolean heardFromPeer;

    /** Where requests the peer sends go; {@code null} answers every one "not supported". */
    private final InboundRequests inbound;

    Connection(Channel channel, String address) {
        this(channel, address, () -> { }, null);
    }

    Connection(Channel channel, String address, Runnable lostWhileBusy, InboundRequests inbound) {
        this(channel, address, lostWhileBusy, inbound, false);
    }

    Connection(Channel channel, String address, Runnable lostWhileBusy, InboundRequests inbound, boolean tls) {
        this.tls = tls;
        this.channel = channel;
        this.eventLoop = channel.eventLoop();
        this.address = address;
        this.lostWhileBusy = lostWhileBusy;
        this.inbound = inbound;
    }

    /** On the I/O thread, with each request the peer sends. */
    void onRequest(RemotingCommand request) {
        heardFromPeer = true;
        if (inbound != null) {
            inbound.dispatch(request, channel, address);
        } else if (!request.isOneway()) {
            channel.writeAndFlush(RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " not supported by mqtemplate", java.util.Map.of(), null));
        }
    }

    /** The {@code host:port} this connection goes to. */
    public String address() {
        return address;
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Number of requests written and not yet answered. */
    public int inFlightCount() {
        return inFlightCount;
    }

    /**
     * Sends a request and completes with its answer. Fails with {@link MQNotSentException} when the request could
     * not be written, and with {@link NoResponseException} when it was written and no answer came in time.
     */
    public CompletableFuture<RemotingCommand> request(RemotingCommand request, long timeoutMillis) {
        FutureResponse response = new FutureResponse();
        request(request, timeoutMillis, response);
        return response;
    }

    /**
     * Sends a request and tells {@code handler} how it ended, exactly once: with the answer, with
     * {@link MQNotSentException} when the request could not be written (or was still queued at its deadline), or
     * with {@link NoResponseException} when it was written and no answer came in time.
     */
    public void request(RemotingCommand request, long timeoutMillis, ResponseHandler handler) {
        submit(new PendingRequest(this, request, false, timeoutMillis, handler));
    }

    /**
     * Sends a request that gets no answer and tells {@code handler} how its write ended, exactly once:
     * {@link ResponseHandler#onWritten()} once it is on the socket; {@link MQNotSentException} when it could not be
     * written, or was still queued at its deadline; {@link NoResponseException} when it was handed to the socket and
     * its write had not finished by the deadline (or the connection closed meanwhile), since its bytes may still reach
     * the peer. It takes the same queue, table and deadline tick as any request: no timer of its own.
     */
    public void oneway(RemotingCommand request, long timeoutMillis, ResponseHandler handler) {
        submit(new PendingRequest(this, request.asOneway(), true, timeoutMillis, handler));
    }

    private void submit(PendingRequest call) {
        if (!channel.isActive()) {
            fail(call, notSent("connection is closed", closeCause));
            return;
        }
        outbox.offer(call);
        // one drain task writes whatever the callers queued meanwhile, with one flush: under load that is one
        // wake-up of the I/O thread and one system call for many requests, instead of one each
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            try {
                eventLoop.execute(drainOutbox);
            } catch (RejectedExecutionException threadsGone) {
                // no drain will ever run: clear the flag, or every later request would wait in the outbox forever
                drainScheduled.set(false);
                failOutbox();
            }
        }
    }

    /** On the I/O thread: writes the queued requests, then flushes once. */
    private void drainOutbox() {
        // cleared before polling: a request queued after the last poll schedules a drain of its own
        drainScheduled.set(false);
        PendingRequest call = outbox.poll();
        if (call == null) {
            return;
        }
        int written = 0;
        long now = System.nanoTime();
        do {
            if (now - call.deadlineNanos >= 0) {
                // never handed to the socket: certainly not sent, so safe for the caller to retry
                fail(call, notSent("still queued at its deadline of " + call.timeoutMillis + " ms", null));
                continue;
            }
            // ConnectionHandler registers it as it passes; the call hears of a failed write itself
            channel.write(call).addListener(call);
            written++;
        } while (written < MAX_WRITES_PER_FLUSH && (call = outbox.poll()) != null);
        channel.flush();
        if (!outbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            // callers outpaced this drain: let other tasks and reads run before the next batch
            eventLoop.execute(drainOutbox);
        }
    }

    /** The I/O threads are gone: nothing queued can be written any more. */
    private void failOutbox() {
        PendingRequest call;
        while ((call = outbox.poll()) != null) {
            fail(call, notSent("client I/O threads stopped", closeCause));
        }
    }

    /** Closes the connection; requests in flight complete with {@link NoResponseException.Reason#CLOSED}. */
    public void close() {
        closedByUs = true;
        // the requests in flight complete before this returns, as callers of a pool's close expect
        if (eventLoop.inEventLoop()) {
            failAll(NoResponseException.Reason.CLOSED, "connection pool closed", null);
        } else {
            try {
                eventLoop.submit(() -> failAll(NoResponseException.Reason.CLOSED, "connection pool closed", null))
                        .awaitUninterruptibly(CLOSE_SWEEP_WAIT_MILLIS);
            } catch (RejectedExecutionException threadsGone) {
                // the I/O threads shut down first: their timeouts are gone too, and the owner completes its sends
            }
        }
        channel.close();
    }

    /** On the I/O thread, as the request is written: number it, remember it, make sure its deadline is watched. */
    void register(PendingRequest call) {
        int opaque = ++lastOpaque;
        if (opaque == 0) {
            // after four billion requests the counter wraps; 0 means "not numbered yet"
            opaque = ++lastOpaque;
        }
        call.number(opaque);
        inFlight.put(slotKey(opaque), call);
        inFlightCount = inFlight.size();
        if (deadlineWatch == null) {
            deadlineWatch = eventLoop.schedule(expireOverdue, DEADLINE_TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * On the I/O thread, every tick while requests are in flight: fails those past their deadline. One periodic
     * look instead of a timer per request, whose scheduling and cancelling cost more than the rest of the table's
     * work; a timeout may fire up to one tick late.
     */
    private void expireOverdue() {
        deadlineWatch = null;
        if (inFlight.isEmpty()) {
            return;
        }
        try {
            long now = System.nanoTime();
            List<PendingRequest> overdue = null;
            for (PendingRequest call : inFlight.values()) {
                if (now - call.deadlineNanos >= 0) {
                    if (overdue == null) {
                        overdue = new ArrayList<>();
                    }
                    overdue.add(call);
                }
            }
            if (overdue != null) {
                for (PendingRequest call : overdue) {
                    expired(call);
                }
            }
        } finally {
            // the tick must survive anything: without it, no later request of this connection would ever time out
            if (!inFlight.isEmpty() && deadlineWatch == null) {
                deadlineWatch = eventLoop.schedule(expireOverdue, DEADLINE_TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** On the I/O thread, with each answer. */
    void onResponse(RemotingCommand response) {
        heardFromPeer = true;
        PendingRequest call = inFlight.remove(slotKey(response.opaque()));
        if (call != null) {
            inFlightCount = inFlight.size();
            try {
                call.handler.onResponse(response);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // it must not reach the pipeline, which would close the connection under every other request
                LOG.log(Level.WARNING, "a response handler of a request to " + address + " threw", e);
            }
        }
        // an answer nobody waits for (it timed out already) is dropped
    }

    /** On the I/O thread, when a request's write failed: it never reached the peer. */
    void writeFailed(PendingRequest call, Throwable cause) {
        // a request that failed before reaching ConnectionHandler was never registered: it is still this call's
        if (call.opaque() == 0 || forget(call)) {
            fail(call, notSent("write failed", cause));
        }
    }

    /** On the I/O thread, when a one-way request's write finished: it is on the socket, and its part is done. */
    void writtenOneway(PendingRequest call) {
        if (forget(call)) {
            try {
                call.handler.onWritten();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(Level.WARNING, "a write handler of a one-way request to " + address + " threw", e);
            }
        }
    }

    /** On the I/O thread, when a request's deadline has passed. */
    private void expired(PendingRequest call) {
        if (forget(call)) {
            fail(call, new NoResponseException(NoResponseException.Reason.TIMEOUT, address, call.oneway
                    ? "one-way request to " + address + " handed to the socket but not written within "
                            + call.timeoutMillis + " ms: it may still be written"
                    : "no answer from " + address + " within " + call.timeoutMillis + " ms", null));
        }
    }

    /**
     * The table key of an opaque. The table probes linearly from {@code key & mask}, so consecutive opaques would
     * fill one long run of slots, and every removal would shift the rest of the run: with a thousand requests in
     * flight that cost more than all the rest of a send. Multiplying by an odd constant is a bijection on int (no two
     * opaques share a key) that spreads consecutive opaques across the table.
     */
    private static int slotKey(int opaque) {
        return opaque * 0x9E3779B9;
    }

    /** Removes the call from the table if it is still there; whoever removes it completes it. */
    private boolean forget(PendingRequest call) {
        int key = slotKey(call.opaque());
        if (inFlight.get(key) != call) {
            return false;
        }
        inFlight.remove(key);
        inFlightCount = inFlight.size();
        return true;
    }

    /** On the I/O thread, when the channel has closed, for whatever reason. */
    void onClosed() {
        if (closedByUs) {
            failAll(NoResponseException.Reason.CLOSED, "connection pool closed", null);
            return;
        }
        Throwable cause = closeCause;
        // a peer that closes an idle connection (brokers do, after two minutes without traffic) is not failing;
        // one that drops requests in flight, or a stream that broke, is
        boolean busy = !inFlight.isEmpty() || cause != null;
        String detail = "connection to " + address + " closed" + (cause == null ? "" : ": " + cause.getMessage());
        if (busy && !tls && !heardFromPeer) {
            // a server that requires TLS reads our first frame as a broken handshake and hangs up (RocketMQ in
            // tls.server.mode=enforcing), or answers with a TLS alert no frame decoder can read: say so
            detail = "connection to " + address + " closed before it answered anything"
                    + (cause == null ? "" : " (" + cause.getMessage() + ")") + ": the server may require TLS, which "
                    + "this client does not use (turn it on: MQClientConfig.Builder.tls, or mq.ssl.* with Spring)";
            cause = new MQTlsException(detail, address, cause);
        }
        failAll(NoResponseException.Reason.CONNECTION_LOST, detail, cause);
        if (busy) {
            try {
                lostWhileBusy.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(Level.WARNING, "a connection-lost listener of " + address + " threw", e);
            }
        }
    }

    void recordCause(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
    }

    private void failAll(NoResponseException.Reason reason, String detail, Throwable cause) {
        List<PendingRequest> calls = new ArrayList<>(inFlight.values());
        inFlight.clear();
        inFlightCount = 0;
        for (PendingRequest call : calls) {
            fail(call, new NoResponseException(reason, address, detail, cause));
        }
    }

    /**
     * Tells a request's handler it failed. Whatever the handler throws stays here: one faulty handler must not stop
     * the deadline tick, the close sweep or the outbox drain from completing every other request.
     */
    private void fail(PendingRequest call, Throwable failure) {
        try {
            call.handler.onFailure(failure);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.log(Level.WARNING, "a failure handler of a request to " + address + " threw", e);
        }
    }

    private MQNotSentException notSent(String what, Throwable cause) {
        return new MQNotSentException("request to " + address + " not sent: " + what
                + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), address, cause);
    }

    @Override
    public String toString() {
        return "Connection[" + address + ", " + (isActive() ? "active" : "closed") + ", in flight " + inFlightCount + "]";
    }

    /** The future {@link #request(RemotingCommand, long)} returns, completed as the handler. */
    private static final class FutureResponse extends CompletableFuture<RemotingCommand> implements ResponseHandler {

        @Override
        public void onResponse(RemotingCommand response) {
            complete(response);
        }

        @Override
        public void onFailure(Throwable failure) {
            completeExceptionally(failure);
        }
    }
}
