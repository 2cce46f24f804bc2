package dev.mqtemplate.benchmark.harness;

/**
 * The cases every client runs: how messages are sent (sync threads, async in flight, batch), and which body.
 */
public enum BenchmarkCase {

    SYNC_1K_1T("sync 1 KiB, 1 thread", Mode.SYNC, 1, Body.RANDOM_1K, 1),
    SYNC_1K_4T("sync 1 KiB, 4 threads", Mode.SYNC, 4, Body.RANDOM_1K, 1),
    SYNC_1K_16T("sync 1 KiB, 16 threads", Mode.SYNC, 16, Body.RANDOM_1K, 1),
    ASYNC_1K_1000("async 1 KiB, 1000 in flight", Mode.ASYNC, 1000, Body.RANDOM_1K, 1),
    SYNC_16K_TEXT_4T("sync 16 KiB text (~3:1 zlib), 4 threads", Mode.SYNC, 4, Body.TEXT_16K, 1),
    BATCH_32X1K_4T("batch 32 x 1 KiB, 4 threads", Mode.BATCH, 4, Body.RANDOM_1K, 32);

    /** How a case drives the client. */
    public enum Mode { SYNC, ASYNC, BATCH }

    /** The message body a case sends. */
    public enum Body { RANDOM_1K, TEXT_16K }

    private final String title;

    private final Mode mode;

    private final int concurrency;

    private final Body body;

    private final int batchSize;

    BenchmarkCase(String title, Mode mode, int concurrency, Body body, int batchSize) {
        this.title = title;
        this.mode = mode;
        this.concurrency = concurrency;
        this.body = body;
        this.batchSize = batchSize;
    }

    /** A human-readable name for tables. */
    public String title() {
        return title;
    }

    public Mode mode() {
        return mode;
    }

    /** Sending threads (sync, batch) or requests in flight (async). */
    public int concurrency() {
        return concurrency;
    }

    public Body body() {
        return body;
    }

    /** Messages per request: 1, or the batch size. */
    public int batchSize() {
        return batchSize;
    }
}
