package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.error.Failures;
import dev.mqtemplate.client.error.MQClosedException;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Time limits done with the client's own threads and without overflow. Waits are bounded on the client's event loops,
 * not with {@link CompletableFuture#orTimeout}, which starts a JDK-wide delay thread that outlives the client.
 */
public final class Deadline {

    /**
     * The longest time limit anything is given, about 73 years: enough for "forever", and far enough from
     * {@code Long.MAX_VALUE} nanoseconds that a deadline computed from {@link System#nanoTime()} cannot overflow.
     */
    public static final long MAX_MILLIS = Long.MAX_VALUE / 4 / 1_000_000L;

    private Deadline() {
    }

    /** The {@link System#nanoTime()} value {@code millis} from now, with {@code millis} capped at {@link #MAX_MILLIS}. */
    public static long nanosFromNow(long millis) {
        return System.nanoTime() + Math.min(Math.max(millis, 0), MAX_MILLIS) * 1_000_000L;
    }

    /** A duration in milliseconds, capped at {@link #MAX_MILLIS} instead of overflowing. */
    public static long toMillis(java.time.Duration duration) {
        if (duration.compareTo(java.time.Duration.ofMillis(MAX_MILLIS)) > 0) {
            return MAX_MILLIS;
        }
        return duration.toMillis();
    }

    /** Whole milliseconds left until {@code deadlineNanos}; zero or less when it has passed. */
    public static long millisLeft(long deadlineNanos) {
        long nanos = deadlineNanos - System.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, nanos / 1_000_000L);
    }

    /**
     * {@code source}, or a failure with {@code onTimeout} if it is not done within {@code millis}. A done source is
     * returned as is, at no cost. Otherwise the wait is on a copy, so other users of {@code source} are not affected,
     * and its timer runs on {@code timer}; when those threads are gone the copy fails with {@link MQClosedException}.
     */
    public static <T> CompletableFuture<T> within(CompletableFuture<T> source, long millis, EventExecutorGroup timer,
            Supplier<? extends Throwable> onTimeout) {
        if (source.isDone()) {
            return source;
        }
        CompletableFuture<T> bounded = new CompletableFuture<>();
        ScheduledFuture<?> expiry;
        try {
            expiry = timer.schedule(() -> {
                bounded.completeExceptionally(onTimeout.get());
            }, Math.min(Math.max(millis, 1), MAX_MILLIS), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException threadsGone) {
            bounded.completeExceptionally(new MQClosedException("client threads"));
            return bounded;
        }
        source.whenComplete((value, error) -> {
            expiry.cancel(false);
            if (error != null) {
                bounded.completeExceptionally(Failures.unwrap(error));
            } else {
                bounded.complete(value);
            }
        });
        return bounded;
    }
}
