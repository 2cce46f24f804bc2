package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Failover of a master/replica group with automatic master election: 4 sync senders on one MQTemplate while the
 * master is killed with SIGKILL; the controller promotes the replica, and sends succeed again on the new master
 * without a new template. Every acknowledged send is read back by the official consumer from the new master.
 * Figures (kill to first success on the new master) go to {@code client/target/chaos-report.txt}. Runs in the chaos
 * JVM: {@code ./mvnw -pl client test-compile surefire:test@chaos -Dtest=HAFailoverIntegrationTests}.
 */
class HAFailoverIntegrationTests {

    /**
     * How long sends go on after the kill: shorter than the 30 s periodic route refresh, so a success on the new master
     * shows that the template followed the promotion on its own (a failed probe asks where the master went).
     */
    private static final int SECONDS_AFTER_KILL = Integer.getInteger("ha.secondsAfterKill", 20);

    @Test
    void sendsContinueOnThePromotedReplicaAndNothingAcknowledgedIsLost() throws Exception {
        try (LocalRocketMQ cluster = LocalRocketMQ.builder().haGroup(true).brokerHeap("384m").start();
                MQTemplate template = MQTemplate.create(MQClientConfig.builder()
                        .nameServer(cluster.nameServerAddress()).build())) {
            String topic = "ha_failover_" + System.nanoTime();
            for (int i = 0; i < 16; i++) {
                template.send(topic, ("warm-" + i).getBytes(StandardCharsets.UTF_8));
            }
            String oldMaster = cluster.broker("broker-a").address();
            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // body -> msgId
            Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
            Map<String, String> lastFailure = new ConcurrentHashMap<>(); // exception type -> its latest message
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ids = new AtomicInteger();
            AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong firstSuccessAfterKill = new AtomicLong(Long.MAX_VALUE);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread sender = new Thread(() -> {
                    while (!stop.get()) {
                        String body = "m-" + ids.incrementAndGet();
                        long started = System.nanoTime();
                        try {
                            SendResult result = template.send(MQMessage.builder(topic).body(body).build());
                            acknowledged.put(body, result.msgId());
                            if (started >= killedAt.get()) {
                                firstSuccessAfterKill.accumulateAndGet(System.nanoTime(), Math::min);
                            }
                        } catch (RuntimeException e) {
                            failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            lastFailure.put(e.getClass().getSimpleName(), e.getMessage());
                        }
                    }
                }, "ha-sender-" + t);
                sender.start();
                senders.add(sender);
            }
            TimeUnit.SECONDS.sleep(3);
            killedAt.set(System.nanoTime());
            cluster.broker("broker-a").kill(); // SIGKILL of the master
            TimeUnit.SECONDS.sleep(SECONDS_AFTER_KILL);
            stop.set(true);
            for (Thread sender : senders) {
                sender.join(30_000);
            }

            long recoveryMillis = firstSuccessAfterKill.get() == Long.MAX_VALUE ? -1
                    : TimeUnit.NANOSECONDS.toMillis(firstSuccessAfterKill.get() - killedAt.get());
            // before the read-back, so that a run with no success after the kill still shows why
            System.out.printf("[ha failover] failures by type, the last of each: %s%n", lastFailure);
            assertThat(firstSuccessAfterKill.get()).as("a send started after the kill succeeded on the new master")
                    .isNotEqualTo(Long.MAX_VALUE);

            List<StoredMessage> stored = cluster.readMessages(topic, acknowledged.size(), Duration.ofSeconds(60));
            Set<String> storedIds = stored.stream().map(StoredMessage::uniqKey).collect(Collectors.toSet());
            long missing = acknowledged.values().stream().filter(id -> !storedIds.contains(id)).count();
            String figures = String.format("[ha failover] sent %d, acknowledged %d, failed %s; stored %d, missing %d; "
                    + "first success on the new master %d ms after the kill (old master %s)%n", ids.get(),
                    acknowledged.size(), failures, stored.size(), missing, recoveryMillis, oldMaster);
            System.out.print(figures);
            Path report = Path.of("target", "chaos-report.txt");
            Files.writeString(report, figures, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);

            assertThat(missing).as("acknowledged but not stored").isZero();
        }
    }
}
