package dev.mqtemplate.client.metrics;

import java.lang.System.Logger.Level;

/**
 * Wraps a {@link SendMetrics} so that what it throws never reaches the send path. Metrics are called on I/O threads,
 * after a send's outcome is decided: an exception there would otherwise stop a connection's deadline tick or close a
 * connection under other requests. The first failure is logged with its stack, later ones are counted and logged
 * every thousandth time, so a broken meter registry cannot flood the log either.
 */
public final class GuardedSendMetrics implements SendMetrics {

    private static final System.Logger LOG = System.getLogger(GuardedSendMetrics.class.getName());

    private final SendMetrics delegate;

    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    private GuardedSendMetrics(SendMetrics delegate) {
        this.delegate = delegate;
    }

    /** {@code metrics} guarded; {@link SendMetrics#NONE} and already guarded metrics are returned as they are. */
    public static SendMetrics guard(SendMetrics metrics) {
        if (metrics == SendMetrics.NONE || metrics instanceof GuardedSendMetrics) {
            return metrics;
        }
        return new GuardedSendMetrics(metrics);
    }

    /** How many calls of the wrapped metrics threw. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void sendCompleted(String topic, String broker, SendMode mode, String status, Throwable error, long nanos) {
        try {
            delegate.sendCompleted(topic, broker, mode, status, error, nanos);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("sendCompleted", e);
        }
    }

    @Override
    public void bodyPrepared(String topic, int originalBytes, int sentBytes, boolean compressed, long compressNanos) {
        try {
            delegate.bodyPrepared(topic, originalBytes, sentBytes, compressed, compressNanos);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("bodyPrepared", e);
        }
    }

    @Override
    public void retried(String topic) {
        try {
            delegate.retried(topic);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("retried", e);
        }
    }

    @Override
    public void backpressureWaited(String topic, long nanos) {
        try {
            delegate.backpressureWaited(topic, nanos);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("backpressureWaited", e);
        }
    }

    @Override
    public void routeLookup(String topic, String outcome) {
        try {
            delegate.routeLookup(topic, outcome);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("routeLookup", e);
        }
    }

    @Override
    public void transactionChecked(String topic, String answer) {
        try {
            delegate.transactionChecked(topic, answer);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("transactionChecked", e);
        }
    }

    @Override
    public void transactionEnded(String topic, String decision, boolean endWritten) {
        try {
            delegate.transactionEnded(topic, decision, endWritten);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("transactionEnded", e);
        }
    }

    @Override
    public void replyCompleted(String topic, String outcome, long nanos) {
        try {
            delegate.replyCompleted(topic, outcome, nanos);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("replyCompleted", e);
        }
    }

    @Override
    public void autoBatchSent(String topic, int messages, long lingerNanos) {
        try {
            delegate.autoBatchSent(topic, messages, lingerNanos);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("autoBatchSent", e);
        }
    }

    @Override
    public void replyDropped(String reason) {
        try {
            delegate.replyDropped(reason);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            failed("replyDropped", e);
        }
    }

    private void failed(String call, Throwable error) {
        long count = failures.incrementAndGet();
        if (count == 1) {
            LOG.log(Level.WARNING, "send metrics " + delegate.getClass().getName() + "." + call
                    + " threw; sends go on unmeasured where it fails", error);
        } else if (count % 1000 == 0) {
            LOG.log(Level.WARNING, "send metrics " + delegate.getClass().getName() + " have thrown " + count
                    + " times; last: " + error);
        }
    }
}
