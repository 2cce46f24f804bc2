package dev.mqtemplate.client.send;

import dev.mqtemplate.client.error.MQBackpressureException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the async sends in flight, by count and by body bytes, so memory stays bounded however fast a caller submits.
 * When full, {@link BackpressurePolicy#BLOCK} waits for room up to a maximum and {@link BackpressurePolicy#FAIL}
 * refuses at once; either way the refusal is an {@link MQBackpressureException}. Thread-safe.
 */
public class InFlightLimiter {

    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 64L * 1024 * 1024;

    private final int maxCount;

    private final long maxBytes;

    private final BackpressurePolicy policy;

    private final long maxWaitNanos;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition released = lock.newCondition();

    private int count;

    private long bytes;

    public InFlightLimiter(int maxCount, long maxBytes, BackpressurePolicy policy, Duration maxWait) {
        if (maxCount < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("in-flight limits must be positive: " + maxCount + ", " + maxBytes);
        }
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Takes room for one send of {@code size} bytes; a send larger than the byte limit is let through alone.
     *
     * @param mayBlock false on threads that must never wait (I/O threads): the FAIL policy applies there
     * @return nanoseconds spent waiting
     * @throws MQBackpressureException when there is no room in time
     */
    public long acquire(int size, boolean mayBlock) {
        long started = System.nanoTime();
        lock.lock();
        try {
            long remaining = maxWaitNanos;
            while (!fits(size)) {
                if (policy == BackpressurePolicy.FAIL || !mayBlock) {
                    throw refused(0);
                }
                if (remaining <= 0) {
                    throw refused(TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
                }
                try {
                    remaining = released.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MQBackpressureException("interrupted while waiting for room to send asynchronously");
                }
            }
            count++;
            bytes += size;
            return System.nanoTime() - started;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the room of a finished send. */
    public void release(int size) {
        lock.lock();
        try {
            count--;
            bytes -= size;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int inFlightCount() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(int size) {
        return count < maxCount && (bytes + size <= maxBytes || count == 0);
    }

    private MQBackpressureException refused(long waitedMillis) {
        return new MQBackpressureException("async send refused: " + count + " sends / " + bytes
                + " bytes in flight reach the limit (" + maxCount + " sends, " + maxBytes + " bytes)"
                + (waitedMillis > 0 ? " and no room freed up within " + waitedMillis + " ms" : "")
                + "; slow down or raise the limits");
    }
}
