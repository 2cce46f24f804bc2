package dev.mqtemplate.benchmark.harness;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Reads this JVM's own counters: process CPU time, bytes allocated, GC count and time. Two snapshots around the
 * measured phase give what the phase cost.
 *
 * <p>Allocation is the sum of {@code ThreadMXBean.getThreadAllocatedBytes} over the threads alive at each snapshot
 * (Java 17 has no process-wide counter): bytes of a thread that ends between the snapshots are lost, a thread that
 * starts in between counts in full. Clients keep their I/O and callback threads alive for the whole run, so the error
 * is small, but it is an estimate.
 */
public final class ProcessMeter {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ProcessMeter() {
    }

    /** The counters now. */
    public static Snapshot snapshot() {
        long allocated = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                allocated += bytes;
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new Snapshot(System.nanoTime(), OS.getProcessCpuTime(), allocated, gcCount, gcMillis);
    }

    /**
     * The counters at one moment.
     *
     * @param nanoTime {@link System#nanoTime()}
     * @param cpuNanos process CPU time, all threads, user and system
     * @param allocatedBytes bytes allocated by the live threads so far
     * @param gcCount collections so far, all collectors
     * @param gcMillis time in collections so far
     */
    public record Snapshot(long nanoTime, long cpuNanos, long allocatedBytes, long gcCount, long gcMillis) {
    }
}
