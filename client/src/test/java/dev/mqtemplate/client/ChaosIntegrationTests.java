package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.testsupport.BrokerTopics;
import dev.mqtemplate.localbroker.LocalBroker;
import dev.mqtemplate.localbroker.LocalNameServer;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Chaos on a real cluster of two brokers and two name servers: 4 sync senders and an async sender at about 1,000/s,
 * while a broker is killed with SIGKILL and later restarted on the same store, then while a name server is killed,
 * then while the other one is killed once the first is back; and ordered sends while a broker is killed and restarted
 * (no key's messages move to another queue).
 * Every send either returns SEND_OK and is read back by the official consumer, or fails with one of the three outcome
 * kinds; nothing acknowledged is missing and nothing is stored twice.
 *
 * <p>The CI run is short; for a long one: {@code ./mvnw -pl client test-compile surefire:test@chaos
 * -Dchaos.seconds=120 -Dchaos.recoveryMillis=1000 -Dchaos.settledRateShare=0.5}. Figures go to {@code client/target/chaos-report.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIntegrationTests {

    private static final int SECONDS = Integer.getInteger("chaos.seconds", 12);

    private static final int SYNC_SENDERS = 4;

    private static final int ASYNC_PER_SECOND = 1000;

    /**
     * Kill to first success on the survivor. The target is 1 s ({@code -Dchaos.recoveryMillis=1000}, met on a quiet
     * machine: 21 ms measured); CI allows 5 s so a busy two-core runner does not fail the build on scheduling noise.
     * The official client takes 19-30 s here (12 s with its fault avoidance on).
     */
    private static final long RECOVERY_MILLIS = Long.getLong("chaos.recoveryMillis", 5000);

    /** Kill to the moment the sync senders must be back at the survivor's rate, and stay there. */
    private static final long SETTLE_MILLIS = 2000;

    /**
     * How close to the survivor's rate each half second after the settle time must be; the survivor's rate is the
     * sync rate of the last second before the restart. Checked only when set: half-second rates on a busy two-core CI
     * machine swing too widely (a 0.3-0.5 s pause of every sync sender, with no failed or retried send, was seen
     * once near the kill), so CI asserts the mechanism instead (no sync send after the settle time touches the dead
     * broker) and the long run asks for half ({@code -Dchaos.settledRateShare=0.5}). The official client runs at a
     * third to a half for 19-30 s.
     */
    private static final double SETTLED_RATE_SHARE = Double.parseDouble(System.getProperty("chaos.settledRateShare",
            "0"));

    private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static LocalRocketMQ cluster;

    private static MQTemplate template;

    @BeforeAll
    static void start() {
        cluster = LocalRocketMQ.builder().brokers(2).nameServers(2).brokerHeap("384m").start();
        template = MQTemplate.create(MQClientConfig.builder().nameServer(cluster.nameServerAddress()).build());
    }

    @AfterAll
    static void stop() {
        if (template != null) {
            template.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void brokerKilledUnderLoadAndRestartedLosesNothingAcknowledged() throws Exception {
        LocalBroker victim = cluster.broker("broker-b");
        Run run = new Run("chaos_broker_" + System.nanoTime());
        run.warmUp();
        long killAt = run.startNanos + TimeUnit.SECONDS.toNanos(SECONDS / 3);
        long restartAt = run.startNanos + TimeUnit.SECONDS.toNanos(2L * SECONDS / 3);
        run.start();
        sleepUntil(killAt);
        long killed = System.nanoTime();
        victim.kill();
        sleepUntil(restartAt);
        victim.start();
        cluster.awaitReady(victim);
        run.stopAfter(run.startNanos + TimeUnit.SECONDS.toNanos(SECONDS + 10L));

        Report report = run.verify();
        long recoveryMillis = run.firstSuccessStartedAfter(killed, "broker-a") - killed;
        long settled = killed + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        double survivorRate = run.syncRate(restartAt - TimeUnit.SECONDS.toNanos(1), restartAt);
        List<Double> settledRates = new ArrayList<>();
        for (long from = settled; from + TimeUnit.MILLISECONDS.toNanos(500) <= restartAt - TimeUnit.SECONDS.toNanos(1);
                from += TimeUnit.MILLISECONDS.toNanos(500)) {
            settledRates.add(run.syncRate(from, from + TimeUnit.MILLISECONDS.toNanos(500)));
        }
        String figures = report + String.format(", first success on the survivor %d ms after the kill",
                TimeUnit.NANOSECONDS.toMillis(recoveryMillis))
                + "\nsync sends per second, by second of the run: " + run.syncRatePerSecond()
                + "\nsync sends per second around the kill, 100 ms steps from 1 s before: "
                + run.syncRateSteps(killed - TimeUnit.SECONDS.toNanos(1), settled)
                + String.format("\nsurvivor's sync rate (last second before the restart) %.0f/s; from %d ms after the "
                        + "kill, each half second: %s", survivorRate, SETTLE_MILLIS, settledRates.stream()
                        .map(r -> String.format("%.0f", r)).collect(Collectors.joining(" ")))
                + "\nsync sends started after the settle time that failed or were retried: "
                + run.syncSendsStumbled(settled, restartAt)
                + "\nfailures:\n  " + run.topFailures();
        write("broker kill", figures);

        assertThat(report.sent).isGreaterThanOrEqualTo(Math.min(10_000, SECONDS * 800));
        assertThat(report.missing).as("acknowledged but not stored").isZero();
        assertThat(report.duplicated).as("stored twice").isZero();
        assertThat(report.otherFailures).as("failures outside the three kinds").isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(recoveryMillis)).as("kill to first success on the survivor")
                .isLessThan(RECOVERY_MILLIS);
        // back to the survivor's rate within 2 s: no sync send wastes an attempt on the dead broker after that ...
        assertThat(run.syncSendsStumbled(settled, restartAt))
                .as("sync sends started %d ms after the kill or later that failed or were retried", SETTLE_MILLIS).isZero();
        // ... and the rate holds at what the survivor carries, rather than creeping up at the next route refresh
        if (SETTLED_RATE_SHARE > 0) {
            assertThat(settledRates).as("sync rate each half second from %d ms after the kill", SETTLE_MILLIS)
                    .isNotEmpty().allMatch(rate -> rate >= SETTLED_RATE_SHARE * survivorRate);
        }
    }

    @Test
    @Order(2)
    void nameServerKilledUnderLoadCostsNoSend() throws Exception {
        Run run = new Run("chaos_namesrv_" + System.nanoTime());
        run.warmUp();
        run.start();
        sleepUntil(run.startNanos + TimeUnit.SECONDS.toNanos(2));
        cluster.nameServers().get(0).kill();
        template.routeCache().refresh(run.topic).join(); // a refresh right after the kill must fail over
        run.stopAfter(run.startNanos + TimeUnit.SECONDS.toNanos(5));

        Report report = run.verify();
        write("name server kill", report + "\nfailures:\n  " + run.topFailures());
        assertThat(report.missing).isZero();
        assertThat(report.duplicated).isZero();
        assertThat(report.notSent + report.rejected + report.unknown + report.otherFailures)
                .as("failed sends while a name server was down").isZero();
    }

    @Test
    @Order(3)
    void aNameServerThatComesBackIsUsedAgain() throws Exception {
        LocalNameServer first = cluster.nameServers().get(0);
        LocalNameServer second = cluster.nameServers().get(1);
        String topic = "chaos_namesrv_back_" + System.nanoTime();
        if (first.isRunning()) {
            first.kill();
        }
        template.send(topic, "while the first name server is down".getBytes()); // the route comes from the second
        first.start();
        long restarted = System.nanoTime();
        awaitRouteFrom(first, topic, Duration.ofSeconds(45)); // brokers register with it every 10 s
        long routed = System.nanoTime();
        second.kill();
        try {
            Run run = new Run(topic, 1); // the send above
            run.start();
            sleepUntil(run.startNanos + TimeUnit.SECONDS.toNanos(1));
            template.routeCache().refresh(topic).join(); // the second is preferred now; it must fall back to the first
            run.stopAfter(run.startNanos + TimeUnit.SECONDS.toNanos(3));
            Report report = run.verify();
            write("name server back", String.format("restarted name server routed the topic %d ms after its start; "
                    + "then the other one killed: %s", TimeUnit.NANOSECONDS.toMillis(routed - restarted), report));
            assertThat(report.missing).isZero();
            assertThat(report.notSent + report.rejected + report.unknown + report.otherFailures)
                    .as("failed sends with only the restarted name server alive").isZero();
        } finally {
            second.start();
        }
    }

    /** Waits until {@code nameServer} alone can give the route of {@code topic}. */
    private static void awaitRouteFrom(LocalNameServer nameServer, String topic, Duration budget) throws Exception {
        long deadline = System.nanoTime() + budget.toNanos();
        try (MQTemplate only = MQTemplate.create(MQClientConfig.builder().nameServer(nameServer.address()).build())) {
            while (true) {
                try {
                    only.routeCache().refresh(topic).join();
                    return;
                } catch (RuntimeException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError(nameServer.address() + " gave no route for " + topic + " within "
                                + budget, notYet);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    @Test
    @Order(4)
    void aHungBrokerGivesOutcomeUnknownNeverAFalseFailureAndIsAvoidedUntilItAnswers() throws Exception {
        String topic = "chaos_hung_" + System.nanoTime();
        for (int i = 0; i < 16; i++) {
            template.send(topic, ("warm-" + i).getBytes());
        }
        LocalBroker hung = cluster.broker("broker-b");
        hung.pause(); // SIGSTOP: connections stay open, nothing is answered
        List<Throwable> failures = new ArrayList<>();
        int onSurvivor = 0;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 40; i++) {
                try {
                    SendResult result = template.send(MQMessage.builder(topic).body("h-" + i).build(),
                            Duration.ofMillis(800));
                    onSurvivor += result.queue().brokerName().equals("broker-a") ? 1 : 0;
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        } finally {
            hung.resume();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        write("hung broker", "40 sync sends with broker-b stopped: " + onSurvivor + " stored on broker-a, "
                + failures.size() + " outcome unknown, " + elapsedMillis + " ms in all");

        // what was written to the hung broker may be stored once it resumes: never reported as a plain failure
        assertThat(failures).isNotEmpty().allMatch(e -> e instanceof MQOutcomeUnknownException);
        // the broker is isolated after its first timeout, so the others go to the survivor
        assertThat(onSurvivor).isGreaterThanOrEqualTo(40 - failures.size());
        assertThat(failures.size()).isLessThanOrEqualTo(3);
    }

    @Test
    @Order(5)
    void orderedKeysNeverMoveToAnotherQueueWhileTheirBrokerIsKilledAndRestarted() throws Exception {
        String topic = "chaos_ordered_" + System.nanoTime();
        BrokerTopics.create(cluster, topic, 4);
        LocalBroker victim = cluster.broker("broker-b");
        int keys = 12;
        Map<String, Set<MessageQueue>> acknowledgedQueues = new ConcurrentHashMap<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                for (int seq = 0; running.get(); seq++) {
                    for (int k = thread; k < keys; k += 4) {
                        String key = "key-" + k;
                        String body = key + ":" + seq;
                        try {
                            SendResult result = template.send(MQMessage.builder(topic).keys(key).shardingKey(key)
                                    .body(body).build(), Duration.ofMillis(800));
                            acknowledged.add(body);
                            acknowledgedQueues.computeIfAbsent(key, any -> ConcurrentHashMap.newKeySet())
                                    .add(result.queue());
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                }
            }, "chaos-ordered-" + t);
            sender.start();
            senders.add(sender);
        }
        TimeUnit.SECONDS.sleep(2);
        victim.kill();
        TimeUnit.SECONDS.sleep(3);
        victim.start();
        cluster.awaitReady(victim);
        TimeUnit.SECONDS.sleep(3);
        running.set(false);
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }

        List<StoredMessage> stored = cluster.readMessages(topic, acknowledged.size(), Duration.ofSeconds(60));
        Map<String, Set<Integer>> storedQueues = stored.stream().collect(Collectors.groupingBy(StoredMessage::keys,
                Collectors.mapping(message -> message.brokerName().hashCode() * 31 + message.queueId(),
                        Collectors.toSet())));
        write("ordered broker kill", acknowledged.size() + " ordered sends acknowledged, " + failed.get()
                + " failed while broker-b was down, over " + keys + " keys; stored " + stored.size());

        assertThat(stored.stream().map(message -> new String(message.body(), StandardCharsets.UTF_8)))
                .as("every acknowledged ordered send stored").containsAll(acknowledged);
        assertThat(acknowledgedQueues.values()).as("one queue per key in every acknowledgement")
                .allMatch(queues -> queues.size() == 1);
        assertThat(storedQueues.values()).as("one queue per key in what the broker stored")
                .allMatch(queues -> queues.size() == 1);
        assertThat(failed.get()).as("keys of the killed broker failed meanwhile, rather than move").isPositive();
    }

    private static void write(String scenario, String figures) throws Exception {
        String line = "[" + scenario + "] " + figures + "\n";
        System.out.print(line);
        Path report = Path.of("target", "chaos-report.txt");
        Files.writeString(report, line, StandardCharsets.UTF_8,
                Files.exists(report) ? java.nio.file.StandardOpenOption.APPEND : java.nio.file.StandardOpenOption.CREATE);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** One load run: who sent what, and how it ended. */
    private static final class Run {

        final String topic;

        final long startNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);

        final AtomicBoolean stop = new AtomicBoolean();

        final AtomicInteger ids = new AtomicInteger();

        final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // body -> msgId

        final Map<String, Class<?>> failed = new ConcurrentHashMap<>();

        final Map<String, AtomicInteger> failureReasons = new ConcurrentHashMap<>();

        final Map<String, long[]> successTimes = new ConcurrentHashMap<>(); // body -> {startedNanos, doneNanos}

        final Map<String, String> successBroker = new ConcurrentHashMap<>();

        final AtomicLongArray syncDone = new AtomicLongArray((int) ((TimeUnit.SECONDS.toNanos(SECONDS + 60)) / BUCKET_NANOS));

        /** Sync sends that failed or needed more than one attempt, and when each started. */
        final Map<String, Long> syncStumbled = new ConcurrentHashMap<>();

        final List<Thread> threads = new ArrayList<>();

        final List<CompletableFuture<?>> asyncs = java.util.Collections.synchronizedList(new ArrayList<>());

        /** Messages of the topic stored outside the run (warm-up), which the read-back waits for too. */
        int storedBefore;

        Run(String topic) {
            this.topic = topic;
        }

        Run(String topic, int storedBefore) {
            this.topic = topic;
            this.storedBefore = storedBefore;
        }

        void warmUp() {
            storedBefore += 16;
            for (int i = 0; i < 16; i++) {
                template.send(topic, ("warm-" + i).getBytes());
            }
        }

        void start() {
            for (int i = 0; i < SYNC_SENDERS; i++) {
                threads.add(new Thread(this::syncLoop, "chaos-sync-" + i));
            }
            threads.add(new Thread(this::asyncLoop, "chaos-async"));
            threads.forEach(Thread::start);
        }

        void syncLoop() {
            while (!stop.get()) {
                String body = "m-" + ids.incrementAndGet();
                long started = System.nanoTime();
                try {
                    SendResult result = template.send(MQMessage.builder(topic).body(body).build());
                    succeeded(body, result, started);
                    long bucket = (System.nanoTime() - startNanos) / BUCKET_NANOS;
                    if (bucket >= 0 && bucket < syncDone.length()) {
                        syncDone.incrementAndGet((int) bucket);
                    }
                    if (result.attempts() > 1) {
                        syncStumbled.put(body, started);
                    }
                } catch (RuntimeException e) {
                    failed(body, "sync", e);
                    syncStumbled.put(body, started);
                }
            }
        }

        void asyncLoop() {
            long next = System.nanoTime();
            while (!stop.get()) {
                String body = "m-" + ids.incrementAndGet();
                long started = System.nanoTime();
                asyncs.add(template.sendAsync(MQMessage.builder(topic).body(body).build()).whenComplete((result, error) -> {
                    if (error == null) {
                        succeeded(body, result, started);
                    } else {
                        failed(body, "async", error);
                    }
                }));
                next += TimeUnit.SECONDS.toNanos(1) / ASYNC_PER_SECOND;
                long pause = next - System.nanoTime();
                if (pause > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(pause);
                }
            }
        }

        void failed(String body, String mode, Throwable error) {
            failed.put(body, error.getClass());
            String reason = mode + " " + error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage())
                    .replaceAll("[0-9A-F]{32}", "<id>").replaceAll("\\d+", "N");
            failureReasons.computeIfAbsent(reason.substring(0, Math.min(160, reason.length())), r -> new AtomicInteger())
                    .incrementAndGet();
        }

        String topFailures() {
            return failureReasons.entrySet().stream().sorted((a, b) -> b.getValue().get() - a.getValue().get()).limit(6)
                    .map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining("\n  "));
        }

        void succeeded(String body, SendResult result, long started) {
            acknowledged.put(body, result.msgId());
            successTimes.put(body, new long[] {started, System.nanoTime()});
            successBroker.put(body, result.queue().brokerName());
        }

        void stopAfter(long nanos) throws Exception {
            sleepUntil(nanos);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            CompletableFuture.allOf(asyncs.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .get(30, TimeUnit.SECONDS);
        }

        long firstSuccessStartedAfter(long nanos, String broker) {
            return successTimes.entrySet().stream()
                    .filter(e -> e.getValue()[0] >= nanos && broker.equals(successBroker.get(e.getKey())))
                    .mapToLong(e -> e.getValue()[1]).min().orElse(Long.MAX_VALUE);
        }

        /** Sync sends completed per second between two instants, from 100 ms buckets. */
        double syncRate(long fromNanos, long toNanos) {
            int from = (int) Math.max(0, (fromNanos - startNanos) / BUCKET_NANOS);
            int to = (int) Math.min(syncDone.length(), (toNanos - startNanos) / BUCKET_NANOS);
            long done = 0;
            for (int i = from; i < to; i++) {
                done += syncDone.get(i);
            }
            return to <= from ? 0 : done * 1e9 / ((to - from) * (double) BUCKET_NANOS);
        }

        String syncRatePerSecond() {
            StringBuilder line = new StringBuilder();
            long stepsPerSecond = TimeUnit.SECONDS.toNanos(1) / BUCKET_NANOS;
            for (int second = 0; second * stepsPerSecond < syncDone.length(); second++) {
                long from = startNanos + second * TimeUnit.SECONDS.toNanos(1);
                double rate = syncRate(from, from + TimeUnit.SECONDS.toNanos(1));
                if (rate > 0) {
                    line.append(second).append("s:").append(Math.round(rate)).append(' ');
                }
            }
            return line.toString().trim();
        }

        String syncRateSteps(long fromNanos, long toNanos) {
            List<String> steps = new ArrayList<>();
            for (long from = fromNanos; from < toNanos; from += BUCKET_NANOS) {
                steps.add(Long.toString(Math.round(syncRate(from, from + BUCKET_NANOS))));
            }
            return String.join(" ", steps);
        }

        /**
         * Sync sends started in the window that failed or took more than one attempt. With one broker dead, each is a
         * send that spent time on it rather than going straight to the survivor.
         */
        long syncSendsStumbled(long fromNanos, long toNanos) {
            return syncStumbled.values().stream().filter(started -> started >= fromNanos && started < toNanos).count();
        }

        Report verify() {
            // waiting for more than the topic holds would only run out the budget
            List<StoredMessage> stored = cluster.readMessages(topic, acknowledged.size() + storedBefore,
                    Duration.ofSeconds(60));
            Map<String, Integer> copies = new HashMap<>();
            for (StoredMessage message : stored) {
                copies.merge(new String(message.body(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
            Set<String> storedIds = stored.stream().map(StoredMessage::uniqKey).collect(Collectors.toSet());
            Report report = new Report();
            report.sent = ids.get();
            report.acknowledged = acknowledged.size();
            report.missing = (int) acknowledged.values().stream().filter(id -> !storedIds.contains(id)).count();
            report.duplicated = (int) copies.values().stream().filter(n -> n > 1).count();
            for (Class<?> type : failed.values()) {
                if (MQOutcomeUnknownException.class.isAssignableFrom(type)) {
                    report.unknown++;
                } else if (MQBrokerRejectedException.class.isAssignableFrom(type)) {
                    report.rejected++;
                } else if (MQNotSentException.class.isAssignableFrom(type)) {
                    report.notSent++;
                } else {
                    report.otherFailures++;
                }
            }
            report.unknownButStored = (int) failed.entrySet().stream()
                    .filter(e -> MQOutcomeUnknownException.class.isAssignableFrom(e.getValue()))
                    .filter(e -> copies.containsKey(e.getKey())).count();
            return report;
        }
    }

    /** The figures of one run. */
    private static final class Report {
        int sent;
        int acknowledged;
        int notSent;
        int rejected;
        int unknown;
        int unknownButStored;
        int otherFailures;
        int missing;
        int duplicated;

        @Override
        public String toString() {
            return String.format("sent %d, acknowledged %d, failed: not sent %d, rejected %d, outcome unknown %d "
                    + "(of which stored %d), other %d; missing %d, duplicated %d", sent, acknowledged, notSent,
                    rejected, unknown, unknownButStored, otherFailures, missing, duplicated);
        }
    }
}
