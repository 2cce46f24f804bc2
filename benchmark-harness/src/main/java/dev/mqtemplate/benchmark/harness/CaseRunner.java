package dev.mqtemplate.benchmark.harness;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one client through one case: the load starts, runs through a warm-up phase and then a measured phase without
 * pausing, and only the measured phase is counted. Latency is the time from the call to its completion (for async,
 * from the call to the callback), recorded into an HdrHistogram {@link Recorder}.
 */
public final class CaseRunner {

    private final BenchmarkClient client;

    private final BenchmarkCase benchmarkCase;

    private final byte[] body;

    private final List<byte[]> batch;

    private final Recorder recorder = new Recorder(3);

    private final LongAdder errors = new LongAdder();

    private volatile boolean stopped;

    public CaseRunner(BenchmarkClient client, BenchmarkCase benchmarkCase) {
        this.client = client;
        this.benchmarkCase = benchmarkCase;
        this.body = Bodies.of(benchmarkCase.body());
        this.batch = Collections.nCopies(benchmarkCase.batchSize(), body);
    }

    /** Runs warm-up then measurement and returns the measured phase's figures. */
    public RunResult run(String clientLabel, Duration warmUp, Duration measure) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        Semaphore inFlight = new Semaphore(benchmarkCase.concurrency());
        if (benchmarkCase.mode() == BenchmarkCase.Mode.ASYNC) {
            threads.add(new Thread(() -> asyncLoop(inFlight), "bench-async"));
        } else {
            for (int i = 0; i < benchmarkCase.concurrency(); i++) {
                threads.add(new Thread(this::syncLoop, "bench-sync-" + i));
            }
        }
        threads.forEach(Thread::start);

        Thread.sleep(warmUp.toMillis());
        recorder.getIntervalHistogram(); // drop the warm-up samples
        long errorsBefore = errors.sum();
        ProcessMeter.Snapshot before = ProcessMeter.snapshot();
        Thread.sleep(measure.toMillis());
        Histogram latencies = recorder.getIntervalHistogram();
        ProcessMeter.Snapshot after = ProcessMeter.snapshot();
        long failed = errors.sum() - errorsBefore;

        stopped = true;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        if (benchmarkCase.mode() == BenchmarkCase.Mode.ASYNC) {
            // let the sends still in flight finish before the client is closed
            inFlight.tryAcquire(benchmarkCase.concurrency(), 5, TimeUnit.SECONDS);
        }
        long requests = latencies.getTotalCount();
        return new RunResult(clientLabel, benchmarkCase.name(), requests * benchmarkCase.batchSize(), requests, failed,
                (after.nanoTime() - before.nanoTime()) / 1e9, after.cpuNanos() - before.cpuNanos(),
                after.allocatedBytes() - before.allocatedBytes(), after.gcCount() - before.gcCount(),
                after.gcMillis() - before.gcMillis(), encode(latencies));
    }

    private void syncLoop() {
        boolean isBatch = benchmarkCase.mode() == BenchmarkCase.Mode.BATCH;
        while (!stopped) {
            long started = System.nanoTime();
            try {
                if (isBatch) {
                    client.sendBatch(batch);
                } else {
                    client.sendSync(body);
                }
                recorder.recordValue(System.nanoTime() - started);
            } catch (Exception e) {
                failed(e);
            }
        }
    }

    private void asyncLoop(Semaphore inFlight) {
        while (!stopped) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            long started = System.nanoTime();
            try {
                client.sendAsync(body, error -> {
                    if (error == null) {
                        recorder.recordValue(System.nanoTime() - started);
                    } else {
                        failed(error);
                    }
                    inFlight.release();
                });
            } catch (RuntimeException e) {
                failed(e);
                inFlight.release();
            }
        }
    }

    private void failed(Throwable error) {
        if (errors.sum() < 5) {
            System.err.println("send failed: " + error);
        }
        errors.increment();
    }

    private static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }
}
