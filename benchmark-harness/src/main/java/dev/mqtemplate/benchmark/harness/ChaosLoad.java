package dev.mqtemplate.benchmark.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The load of the chaos scenario, the same for every client: 4 sync senders and one async sender at 1,000/s for a
 * given time, each message a unique body {@code m-N}. Every outcome becomes one line of the output file:
 * {@code OK <body> <msgId> <startMillis> <endMillis> <broker> <sync|async>} or {@code FAIL <body> <exception class>}.
 */
public final class ChaosLoad {

    /** What the load needs of a client. */
    public interface Client {

        /** Sends synchronously and returns where the message went; throws on failure. */
        Stored send(String body) throws Exception;

        /** Sends asynchronously; {@code done} gets exactly one of the two. */
        void sendAsync(String body, BiConsumer<Stored, Throwable> done);
    }

    /**
     * Where a message was stored.
     *
     * @param msgId the message id (UNIQ_KEY)
     * @param brokerName the broker that stored it
     */
    public record Stored(String msgId, String brokerName) {
    }

    private static final int SYNC_SENDERS = 4;

    private static final int ASYNC_PER_SECOND = 1000;

    private ChaosLoad() {
    }

    /** Warms the client up on the topic (16 sync sends), runs the load for {@code seconds}, waits for async answers. */
    public static void run(Client client, int seconds, Path out) throws Exception {
        for (int i = 0; i < 16; i++) {
            client.send("warm-" + i);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger pendingAsync = new AtomicInteger();
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < SYNC_SENDERS; t++) {
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        String body = "m-" + ids.incrementAndGet();
                        long started = System.currentTimeMillis();
                        try {
                            ok(writer, body, client.send(body), started, "sync");
                        } catch (Exception e) {
                            fail(writer, body, e);
                        }
                    }
                }, "chaos-sync-" + t));
            }
            threads.add(new Thread(() -> {
                long next = System.nanoTime();
                while (!stop.get()) {
                    String body = "m-" + ids.incrementAndGet();
                    long started = System.currentTimeMillis();
                    pendingAsync.incrementAndGet();
                    client.sendAsync(body, (stored, error) -> {
                        if (error == null) {
                            ok(writer, body, stored, started, "async");
                        } else {
                            fail(writer, body, error);
                        }
                        pendingAsync.decrementAndGet();
                    });
                    next += TimeUnit.SECONDS.toNanos(1) / ASYNC_PER_SECOND;
                    long pause = next - System.nanoTime();
                    if (pause > 0) {
                        LockSupport.parkNanos(pause);
                    }
                }
            }, "chaos-async"));
            threads.forEach(Thread::start);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (pendingAsync.get() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ok(PrintWriter out, String body, Stored stored, long started, String mode) {
        synchronized (out) {
            out.println("OK " + body + " " + stored.msgId() + " " + started + " " + System.currentTimeMillis() + " "
                    + stored.brokerName() + " " + mode);
        }
    }

    private static void fail(PrintWriter out, String body, Throwable error) {
        synchronized (out) {
            out.println("FAIL " + body + " " + error.getClass().getSimpleName());
        }
    }
}
