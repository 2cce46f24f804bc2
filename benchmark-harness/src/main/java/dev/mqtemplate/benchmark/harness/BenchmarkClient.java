package dev.mqtemplate.benchmark.harness;

import java.util.List;
import java.util.function.Consumer;

/**
 * One producer under test, seen by the harness: a sync send, an async send and (optionally) a batch send of bodies to
 * the benchmark topic. Implementations build a fresh message per call, as an application would. Thread-safe.
 */
public interface BenchmarkClient extends AutoCloseable {

    /** Sends one message and returns once the broker answered with success; throws on any other outcome. */
    void sendSync(byte[] body) throws Exception;

    /**
     * Starts sending one message; {@code done} receives {@code null} on success or the failure, exactly once, on
     * whatever thread the client completes on.
     */
    void sendAsync(byte[] body, Consumer<Throwable> done);

    /** Whether {@link #sendBatch} is supported. */
    boolean supportsBatch();

    /** Sends the bodies as one batch request and returns once it is stored. */
    void sendBatch(List<byte[]> bodies) throws Exception;

    @Override
    void close();
}
