package dev.mqtemplate.client.send;

import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.metrics.SendMetrics;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Requests waiting for their reply, by correlation id. Each waiter ends once: with the reply pushed for it, with the
 * failure of its request when that was certainly not stored, or at its deadline as outcome unknown (the request may
 * have been stored and answered later). Deadlines are timers on the client's event loops, and waiters complete on
 * their loop, so callbacks run on I/O threads as those of sends do. A reply for a waiter that has ended is dropped and
 * counted: {@code late} when its waiter timed out (the last {@value #REMEMBERED_EXPIRED} timed-out ids are
 * remembered), {@code unmatched} otherwise. Thread-safe; closing fails every waiter left.
 */
public final class ReplyWaiters implements AutoCloseable {

    /** Timed-out correlation ids kept to tell a late reply from one that was never ours. */
    static final int REMEMBERED_EXPIRED = 4096;

    private final EventExecutorGroup loops;

    private final SendMetrics metrics;

    private final ConcurrentHashMap<String, Waiter> pending = new ConcurrentHashMap<>();

    /** Correlation id to request topic, oldest first; guarded by itself. */
    private final Map<String, String> expired = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_EXPIRED;
        }
    };

    private volatile boolean closed;

    public ReplyWaiters(EventExecutorGroup loops, SendMetrics metrics) {
        this.loops = loops;
        this.metrics = metrics;
    }

    /**
     * Starts waiting for the reply to a request. The future completes with the reply, or fails with an
     * {@link MQException}: at {@code timeoutMillis} with {@link MQOutcomeUnknownException}, earlier through
     * {@link #requestFailed} or {@link #close}.
     *
     * @param correlationId the request's {@code CORRELATION_ID}, unique among those waiting
     * @param topic the request's topic, for metrics and messages
     * @param messageId the request's UNIQ_KEY, carried by a timeout's exception
     */
    public CompletableFuture<PushedReply> register(String correlationId, String topic, String messageId,
            long timeoutMillis) {
        Waiter waiter = new Waiter(correlationId, topic, messageId, timeoutMillis, loops.next());
        if (pending.putIfAbsent(correlationId, waiter) != null) {
            throw new IllegalStateException("correlation id " + correlationId + " is waiting already");
        }
        if (closed) {
            // close may have swept the table before this waiter went in
            end(waiter, null, closedFailure(waiter), "closed");
            return waiter.future;
        }
        try {
            waiter.expiry = waiter.loop.schedule(() -> expire(waiter), Math.max(1, timeoutMillis),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException threadsGone) {
            end(waiter, null, closedFailure(waiter), "closed");
        }
        return waiter.future;
    }

    /** The request was stored by the broker at {@code brokerAddress}: a timeout's exception names it. */
    public void requestStored(String correlationId, String brokerAddress) {
        Waiter waiter = pending.get(correlationId);
        if (waiter != null) {
            waiter.brokerAddress = brokerAddress;
            waiter.stored = true;
        }
    }

    /**
     * The request's send failed. One that may have stored it ({@link MQException#mayHaveBeenStored()}) leaves the
     * waiter waiting, since a reply may still come, and becomes the cause of its timeout; any other ends it now.
     */
    public void requestFailed(String correlationId, MQException failure) {
        Waiter waiter = pending.get(correlationId);
        if (waiter == null) {
            return;
        }
        if (failure.mayHaveBeenStored()) {
            waiter.sendFailure = failure;
            return;
        }
        end(waiter, null, failure, "failed");
    }

    /** A reply came: completes its waiter, or drops and counts it when none is waiting. */
    public void deliver(PushedReply reply) {
        Waiter waiter = reply.correlationId() == null ? null : pending.get(reply.correlationId());
        if (waiter == null || !end(waiter, reply, null, "received")) {
            boolean late;
            synchronized (expired) {
                late = reply.correlationId() != null && expired.containsKey(reply.correlationId());
            }
            metrics.replyDropped(late ? "late" : "unmatched");
        }
    }

    /** Requests waiting for their reply. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Fails every waiter left with {@link MQOutcomeUnknownException} (its request may have been stored) caused by
     * {@link MQClosedException}, and takes no more. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (Waiter waiter : pending.values()) {
            end(waiter, null, closedFailure(waiter), "closed");
        }
    }

    private void expire(Waiter waiter) {
        String stored = waiter.stored ? "was stored by " + waiter.brokerAddress : "may have been stored";
        if (end(waiter, null, new MQOutcomeUnknownException("no reply within " + waiter.timeoutMillis + " ms; the "
                + "request " + stored + " and may still be answered, too late (a late reply is dropped)",
                waiter.messageId, waiter.brokerAddress, waiter.sendFailure), "timeout")) {
            synchronized (expired) {
                expired.put(waiter.correlationId, waiter.topic);
            }
        }
    }

    private MQOutcomeUnknownException closedFailure(Waiter waiter) {
        return new MQOutcomeUnknownException("template closed before a reply came", waiter.messageId,
                waiter.brokerAddress, new MQClosedException("MQTemplate"));
    }

    /**
     * Ends a waiter once: the first caller to take it out of the table wins. Completes on the waiter's loop when it
     * still runs (a reply comes on a handler thread), at once otherwise.
     *
     * @return whether this call ended it
     */
    private boolean end(Waiter waiter, PushedReply reply, MQException failure, String outcome) {
        if (!pending.remove(waiter.correlationId, waiter)) {
            return false;
        }
        ScheduledFuture<?> expiry = waiter.expiry;
        if (expiry != null) {
            expiry.cancel(false);
        }
        long nanos = System.nanoTime() - waiter.started;
        Runnable completion = () -> {
            if (failure != null) {
                waiter.future.completeExceptionally(failure);
            } else {
                waiter.future.complete(reply);
            }
            metrics.replyCompleted(waiter.topic, outcome, nanos);
        };
        if (waiter.loop.inEventLoop() || closed) {
            completion.run();
            return true;
        }
        try {
            waiter.loop.execute(completion);
        } catch (RejectedExecutionException threadsGone) {
            completion.run();
        }
        return true;
    }

    /** One request waiting for its reply. */
    private static final class Waiter {

        final String correlationId;

        final String topic;

        final String messageId;

        final long timeoutMillis;

        final EventExecutor loop;

        final long started = System.nanoTime();

        final CompletableFuture<PushedReply> future = new CompletableFuture<>();

        volatile ScheduledFuture<?> expiry;

        volatile String brokerAddress;

        volatile boolean stored;

        volatile MQException sendFailure;

        Waiter(String correlationId, String topic, String messageId, long timeoutMillis, EventExecutor loop) {
            this.correlationId = correlationId;
            this.topic = topic;
            this.messageId = messageId;
            this.timeoutMillis = timeoutMillis;
            this.loop = loop;
        }
    }
}
