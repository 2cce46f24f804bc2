package dev.mqtemplate.client.send;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Broker fault avoidance: queue selection skips isolated brokers while a healthy one exists. Thread-safe.
 *
 * <ul>
 * <li>A {@link FaultKind#CONNECTION connection fault} (connect refused, connection dropped under load) isolates the
 * broker until a probe reaches it and gets an answer, which proves what failed, or at most
 * {@link #DEFAULT_MAX_ISOLATION}. A dead broker is never handed a user's send just to find out it is still dead.
 * <li>A {@link FaultKind#RESPONSE response fault} (no answer in time, busy) isolates it for a back-off that doubles
 * with each fault in a row, from {@link #DEFAULT_INITIAL_ISOLATION} up to {@link #DEFAULT_MAX_ISOLATION}. A probe
 * cannot clear it: a broker whose store hangs still answers heartbeats.
 * <li>Faults that arrive while the broker is already isolated are one event, not a streak: a connection lost with
 * twenty requests in flight is one fault, not twenty-one.
 * <li>A stored message clears the broker.
 * </ul>
 */
public class BrokerHealth {

    public static final Duration DEFAULT_INITIAL_ISOLATION = Duration.ofMillis(500);

    public static final Duration DEFAULT_MAX_ISOLATION = Duration.ofSeconds(30);

    /** What kind of failure a fault was, which says what can prove the broker healthy again. */
    public enum FaultKind {
        /** the broker could not be reached, or its connection dropped */
        CONNECTION,
        /** the broker was reached but did not answer in time, or answered that it is busy or unavailable */
        RESPONSE
    }

    private final long initialNanos;

    private final long maxNanos;

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    private final LongSupplier nanoClock;

    public BrokerHealth() {
        this(DEFAULT_INITIAL_ISOLATION, DEFAULT_MAX_ISOLATION);
    }

    public BrokerHealth(Duration initialIsolation, Duration maxIsolation) {
        this(initialIsolation, maxIsolation, System::nanoTime);
    }

    /** With a clock of its own, in {@link System#nanoTime()} terms: for tests that step time. */
    BrokerHealth(Duration initialIsolation, Duration maxIsolation, LongSupplier nanoClock) {
        this.initialNanos = initialIsolation.toNanos();
        this.maxNanos = maxIsolation.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether sends may go to the broker now. */
    public boolean isAvailable(String brokerName) {
        if (faults.isEmpty()) {
            return true;
        }
        Fault fault = faults.get(brokerName);
        return fault == null || nanoClock.getAsLong() - fault.isolatedUntil >= 0;
    }

    /**
     * Records a fault; returns how long the broker is now isolated for (at most, for a connection fault). A fault
     * while the broker is isolated is part of the same event and does not lengthen the isolation; but a response
     * fault during a connection fault's isolation turns it into a response fault's back-off, which no probe clears.
     */
    public Duration recordFault(String brokerName, FaultKind kind) {
        long now = nanoClock.getAsLong();
        Fault fault = faults.compute(brokerName, (name, previous) -> {
            if (previous != null && now - previous.isolatedUntil < 0) {
                if (kind == FaultKind.CONNECTION || !previous.probeCanClear) {
                    return previous;
                }
                // reachable, yet not serving: back off by time from now on
                return new Fault(previous.inARow, now + backOff(previous.inARow), false);
            }
            int inARow = previous == null ? 1 : previous.inARow + 1;
            return kind == FaultKind.CONNECTION ? new Fault(inARow, now + maxNanos, true)
                    : new Fault(inARow, now + backOff(inARow), false);
        });
        return Duration.ofNanos(Math.max(0, fault.isolatedUntil - nanoClock.getAsLong()));
    }

    private long backOff(int inARow) {
        return Math.min(maxNanos, initialNanos << Math.min(inARow - 1, 20));
    }

    /** Records a stored message: the broker is healthy again. */
    public void recordSuccess(String brokerName) {
        if (!faults.isEmpty()) {
            faults.remove(brokerName);
        }
    }

    /**
     * A probe reached the broker and got an answer: clears it when all its recent faults were connection faults.
     *
     * @return whether the broker was cleared
     */
    public boolean recordProbeAnswered(String brokerName) {
        Fault fault = faults.get(brokerName);
        return fault != null && fault.probeCanClear && faults.remove(brokerName, fault);
    }

    /** Brokers isolated right now. */
    public Set<String> isolatedBrokers() {
        Set<String> isolated = new HashSet<>();
        long now = nanoClock.getAsLong();
        faults.forEach((name, fault) -> {
            if (now - fault.isolatedUntil < 0) {
                isolated.add(name);
            }
        });
        return isolated;
    }

    /** Brokers with a recent fault, isolated or not yet proven healthy again. */
    public Set<String> suspectBrokers() {
        return Set.copyOf(faults.keySet());
    }

    /** Suspect brokers a probe answer would clear: those whose recent faults were all connection faults. */
    public Set<String> probeClearableBrokers() {
        Set<String> clearable = new HashSet<>();
        faults.forEach((name, fault) -> {
            if (fault.probeCanClear) {
                clearable.add(name);
            }
        });
        return clearable;
    }

    /** The consecutive faults recorded for a broker (bursts counted once); zero when it is healthy. */
    public int faultsInARow(String brokerName) {
        Fault fault = faults.get(brokerName);
        return fault == null ? 0 : fault.inARow;
    }

    private record Fault(int inARow, long isolatedUntil, boolean probeCanClear) {
    }
}
