package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A responder to request-reply calls, built on the official client, in a child JVM (see
 * {@link LocalRocketMQ#startResponder}): it consumes a request topic and answers each request with
 * {@code MessageUtil.createReplyMessage}, body {@code reply:} + the request's body, property {@code requestUniqKey} =
 * the request's UNIQ_KEY. It halts when closed, when its cluster is closed, or when this JVM ends.
 */
public final class LocalResponder implements AutoCloseable {

    private final Process process;

    private final Path log;

    LocalResponder(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Its JVM, for this package's tests. */
    Process process() {
        return process;
    }

    /** Waits for the responder to consume. */
    void awaitReady(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < deadline) {
            if (lines().contains("READY")) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            LocalProcess.sleep(100);
        }
        close();
        throw new IllegalStateException("responder not ready within " + budget + ": " + LogTail.of(log));
    }

    /** What it printed so far: {@code READY}, then {@code REPLIED <correlation id> <status>} per reply. */
    public List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills its JVM and waits until it is gone. Idempotent. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
