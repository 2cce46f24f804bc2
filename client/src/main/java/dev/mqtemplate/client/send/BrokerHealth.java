package dev.mqtemplate.client.send;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broker fault avoidance: a connect failure, a timeout or a busy/unavailable answer isolates the broker for a
 * back-off that doubles with each fault in a row (from {@link #DEFAULT_INITIAL_ISOLATION} up to
 * {@link #DEFAULT_MAX_ISOLATION}); a success clears it. Queue selection skips isolated brokers while a healthy one
 * exists. Thread-safe.
 */
public class BrokerHealth {

    public static final Duration DEFAULT_INITIAL_ISOLATION = Duration.ofMillis(500);

    public static final Duration DEFAULT_MAX_ISOLATION = Duration.ofSeconds(30);

    private final long initialNanos;

    private final long maxNanos;

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    public BrokerHealth() {
        this(DEFAULT_INITIAL_ISOLATION, DEFAULT_MAX_ISOLATION);
    }

    public BrokerHealth(Duration initialIsolation, Duration maxIsolation) {
        this.initialNanos = initialIsolation.toNanos();
        this.maxNanos = maxIsolation.toNanos();
    }

    /** Whether sends may go to the broker now. */
    public boolean isAvailable(String brokerName) {
        Fault fault = faults.get(brokerName);
        return fault == null || System.nanoTime() - fault.isolatedUntil >= 0;
    }

    /** Records a fault; returns how long the broker is now isolated for. */
    public Duration recordFault(String brokerName) {
        Fault fault = faults.compute(brokerName, (name, previous) -> {
            int inARow = previous == null ? 1 : previous.inARow + 1;
            long isolation = Math.min(maxNanos, initialNanos << Math.min(inARow - 1, 20));
            return new Fault(inARow, System.nanoTime() + isolation);
        });
        return Duration.ofNanos(Math.max(0, fault.isolatedUntil - System.nanoTime()));
    }

    /** Records a success: the broker is healthy again. */
    public void recordSuccess(String brokerName) {
        if (!faults.isEmpty()) {
            faults.remove(brokerName);
        }
    }

    /** Brokers isolated right now. */
    public java.util.Set<String> isolatedBrokers() {
        java.util.Set<String> isolated = new java.util.HashSet<>();
        faults.forEach((name, fault) -> {
            if (System.nanoTime() - fault.isolatedUntil < 0) {
                isolated.add(name);
            }
        });
        return isolated;
    }

    /** Brokers with a recent fault, isolated or not yet proven healthy again. */
    public java.util.Set<String> suspectBrokers() {
        return java.util.Set.copyOf(faults.keySet());
    }

    private record Fault(int inARow, long isolatedUntil) {
    }
}
