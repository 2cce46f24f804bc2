package dev.mqtemplate.benchmark.official;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

/**
 * The chaos load of mqtemplate's ChaosIntegrationTests, run by the official producer with its defaults: 4 sync
 * senders and an async sender at 1,000/s for the given seconds. Writes one line per send to the output file:
 * {@code OK <body> <msgId> <startMillis> <endMillis> <broker>} or {@code FAIL <body> <exception class>}.
 * Arguments: name server, topic, seconds, output file.
 */
public final class OfficialChaosLoad {

    private OfficialChaosLoad() {
    }

    public static void main(String[] args) throws Exception {
        String topic = args[1];
        long seconds = Long.parseLong(args[2]);
        DefaultMQProducer producer = new DefaultMQProducer("chaos_official_producer");
        producer.setNamesrvAddr(args[0]);
        producer.setInstanceName("chaos-" + ProcessHandle.current().pid());
        producer.start();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger pendingAsync = new AtomicInteger();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 16; i++) {
                producer.send(new Message(topic, ("warm-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        String body = "m-" + ids.incrementAndGet();
                        long started = System.currentTimeMillis();
                        try {
                            SendResult result = producer.send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)));
                            ok(out, body, result, started);
                        } catch (Exception e) {
                            fail(out, body, e);
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
                    try {
                        producer.send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)), new SendCallback() {
                            @Override
                            public void onSuccess(SendResult result) {
                                ok(out, body, result, started);
                                pendingAsync.decrementAndGet();
                            }

                            @Override
                            public void onException(Throwable e) {
                                fail(out, body, e);
                                pendingAsync.decrementAndGet();
                            }
                        });
                    } catch (Exception e) {
                        fail(out, body, e);
                        pendingAsync.decrementAndGet();
                    }
                    next += TimeUnit.MILLISECONDS.toNanos(1);
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
        } finally {
            producer.shutdown();
        }
        System.out.println("DONE " + ids.get());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void ok(PrintWriter out, String body, SendResult result, long started) {
        synchronized (out) {
            out.println("OK " + body + " " + result.getMsgId() + " " + started + " " + System.currentTimeMillis() + " "
                    + result.getMessageQueue().getBrokerName());
        }
    }

    private static void fail(PrintWriter out, String body, Throwable e) {
        synchronized (out) {
            out.println("FAIL " + body + " " + e.getClass().getSimpleName());
        }
    }
}
