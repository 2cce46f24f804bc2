package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.ChaosLoad;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.localbroker.LocalBroker;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The chaos scenario of ChaosIntegrationTests, run by mqtemplate and by the official producer (in its own JVM, with
 * its defaults) on the same two-broker cluster: 4 sync senders and 1,000 async sends/s; broker-b is killed with
 * SIGKILL at a third of the run and restarted on its store at two thirds. Prints, for each client, what was sent,
 * acknowledged, failed (by exception), missing (acknowledged but not read back) and duplicated, and the time from
 * the kill to the first success on the survivor; and the sync senders' rate, second by second, around the kill. Run: {@code ./mvnw -q -pl benchmark exec:exec@chaos}
 * ({@code -Dchaos.seconds=30}).
 *
 * <p>With {@code -Dchaos.scenario=ha}, the cluster is one master/replica group with automatic master election
 * ({@link LocalRocketMQ.Builder#haGroup}) instead: its master is killed at a third of the run and not restarted, and
 * the time measured is from the kill to the first success on the promoted replica (same broker name, new address).
 * It writes {@code chaos-ha.md}.
 */
public final class ChaosComparison {

    private ChaosComparison() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("chaos.seconds", 30);
        Scenario scenario = Scenario.of(System.getProperty("chaos.scenario", "broker-kill"));
        Path work = Files.createTempDirectory("mqtemplate-chaos-");
        List<String[]> rows = new ArrayList<>();
        Map<String, Load> loads = new LinkedHashMap<>();
        loads.put("official-json", ChaosComparison::official);
        loads.put("mqtemplate", ChaosComparison::mqtemplate);
        // a restarted broker leaves the cluster as it was; a killed master does not, so each client gets its own group
        LocalRocketMQ shared = scenario.restart ? scenario.cluster().start() : null;
        try {
            for (Map.Entry<String, Load> load : loads.entrySet()) {
                LocalRocketMQ cluster = shared != null ? shared : scenario.cluster().start();
                try {
                    rows.add(run(cluster, scenario, load.getKey(), seconds, work, load.getValue()));
                } finally {
                    if (cluster != shared) {
                        cluster.close();
                    }
                }
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        int rateSeconds = scenario.rateSeconds(seconds);
        StringBuilder rateHeader = new StringBuilder("| client |");
        StringBuilder rateRule = new StringBuilder("| --- |");
        for (int second = -RATE_SECONDS_BEFORE; second < rateSeconds; second++) {
            rateHeader.append(String.format(" %+d s |", second));
            rateRule.append(" ---: |");
        }
        String table = "| client | sent | acknowledged | failures by type | missing | duplicated | kill → "
                + scenario.firstSuccess + " |\n"
                + "| --- | ---: | ---: | --- | ---: | ---: | ---: |\n"
                + rows.stream().map(row -> row[0]).collect(Collectors.joining("\n"))
                + "\n\nSync sends completed per second (4 senders), by second from the kill (0 = the second after it) "
                + scenario.rateUntil + ":\n\n" + rateHeader + "\n" + rateRule + "\n"
                + rows.stream().map(row -> row[1]).collect(Collectors.joining("\n")) + "\n";
        System.out.println(table);
        Path results = Path.of(System.getProperty("bench.results", "benchmark/results"));
        Files.createDirectories(results);
        Files.writeString(results.resolve(scenario.resultFile), "# Chaos: " + scenario.title + ", " + seconds
                + " s run\n\n" + table, StandardCharsets.UTF_8);
    }

    /** What is killed, and what happens after. */
    private enum Scenario {

        /** One of two brokers killed, restarted on its store at two thirds of the run. */
        BROKER_KILL("broker-b", true, "first success on survivor", "until the restart", "chaos.md",
                "one of two brokers killed under load"),

        /** The master of a master/replica group killed; the controller promotes the replica; no restart. */
        HA("broker-a", false, "first success on the promoted replica", "until the end of the run", "chaos-ha.md",
                "the master of a master/replica group killed under load, the replica promoted");

        final String victim;

        final boolean restart;

        final String firstSuccess;

        final String rateUntil;

        final String resultFile;

        final String title;

        Scenario(String victim, boolean restart, String firstSuccess, String rateUntil, String resultFile,
                String title) {
            this.victim = victim;
            this.restart = restart;
            this.firstSuccess = firstSuccess;
            this.rateUntil = rateUntil;
            this.resultFile = resultFile;
            this.title = title;
        }

        static Scenario of(String name) {
            return switch (name) {
                case "broker-kill" -> BROKER_KILL;
                case "ha" -> HA;
                default -> throw new IllegalArgumentException("chaos.scenario is broker-kill or ha, not " + name);
            };
        }

        LocalRocketMQ.Builder cluster() {
            LocalRocketMQ.Builder builder = LocalRocketMQ.builder().brokerHeap("384m");
            return this == HA ? builder.haGroup(true) : builder.brokers(2);
        }

        /** Seconds of the sync rate table after the kill: until the restart, or until the load ends. */
        int rateSeconds(int seconds) {
            return restart ? seconds / 3 : seconds - seconds / 3;
        }
    }

    private static final int RATE_SECONDS_BEFORE = 3;

    /**
     * Runs one client's load while the victim broker is killed and restarted, then reads everything back; returns the
     * client's row of the outcome table and of the rate table.
     */
    private static String[] run(LocalRocketMQ cluster, Scenario scenario, String client, int seconds, Path work,
            Load load) throws Exception {
        String topic = "chaos_" + client.replace('-', '_') + "_" + System.nanoTime();
        Path out = work.resolve(client + ".txt");
        LocalBroker victim = cluster.broker(scenario.victim);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> load.run(cluster, topic, seconds, out));
        Thread.sleep(TimeUnit.SECONDS.toMillis(3 + seconds / 3));
        long killedAt = System.currentTimeMillis();
        victim.kill();
        if (scenario.restart) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds / 3));
            victim.start();
            cluster.awaitReady(victim);
        }
        running.get(seconds + 120L, TimeUnit.SECONDS);
        return analyze(cluster, client, topic, out, killedAt, scenario.rateSeconds(seconds));
    }

    private static String[] analyze(LocalRocketMQ cluster, String client, String topic, Path out, long killedAt,
            int secondsUntilRestart) throws IOException {
        long[] syncPerSecond = new long[RATE_SECONDS_BEFORE + secondsUntilRestart];
        Map<String, String> acknowledged = new HashMap<>();
        Map<String, Integer> failures = new HashMap<>();
        long firstSuccess = Long.MAX_VALUE;
        int sent = 0;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            sent++;
            if (f[0].equals("OK")) {
                acknowledged.put(f[1], f[2]);
                // broker-a: the survivor of a broker kill, or the name the promoted replica keeps in an HA group
                if (Long.parseLong(f[3]) >= killedAt && f[5].equals("broker-a")) {
                    firstSuccess = Math.min(firstSuccess, Long.parseLong(f[4]));
                }
                int slot = (int) Math.floorDiv(Long.parseLong(f[4]) - killedAt, 1000L) + RATE_SECONDS_BEFORE;
                if (f[6].equals("sync") && slot >= 0 && slot < syncPerSecond.length) {
                    syncPerSecond[slot]++;
                }
            } else {
                failures.merge(f[2], 1, Integer::sum);
            }
        }
        List<StoredMessage> stored = cluster.readMessages(topic, acknowledged.size(), Duration.ofSeconds(90));
        Map<String, Integer> copies = new HashMap<>();
        stored.forEach(m -> copies.merge(new String(m.body(), StandardCharsets.UTF_8), 1, Integer::sum));
        Set<String> storedIds = stored.stream().map(StoredMessage::uniqKey).collect(Collectors.toSet());
        long missing = acknowledged.values().stream().filter(id -> !storedIds.contains(id)).count();
        long duplicated = copies.entrySet().stream().filter(e -> e.getKey().startsWith("m-") && e.getValue() > 1).count();
        String failed = failures.isEmpty() ? "none" : failures.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        String outcomes = String.format("| %s | %,d | %,d | %s | %d | %d | %s |", client, sent, acknowledged.size(),
                failed, missing, duplicated, firstSuccess == Long.MAX_VALUE ? "never" : (firstSuccess - killedAt) + " ms");
        String rates = "| " + client + " | " + Arrays.stream(syncPerSecond).mapToObj(n -> String.format("%,d", n))
                .collect(Collectors.joining(" | ")) + " |";
        return new String[] {outcomes, rates};
    }

    private static void official(LocalRocketMQ cluster, String topic, int seconds, Path out) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildLauncher.JVM_OPTIONS);
        command.add("-Duser.home=" + out.getParent().resolve("official-home"));
        command.addAll(List.of("-cp", ClientKind.OFFICIAL_JSON.classpath(),
                "dev.mqtemplate.benchmark.official.OfficialChaosLoad", cluster.nameServerAddress(), topic,
                Integer.toString(seconds), out.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.getParent().resolve("official.log").toFile()).start();
            if (!process.waitFor(seconds + 90L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the official chaos load did not finish");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void mqtemplate(LocalRocketMQ cluster, String topic, int seconds, Path out) {
        try (MQTemplate template = MQTemplate.create(MQClientConfig.builder().nameServer(cluster.nameServerAddress())
                .build())) {
            ChaosLoad.run(new ChaosLoad.Client() {
                @Override
                public ChaosLoad.Stored send(String body) {
                    return stored(template.send(MQMessage.builder(topic).body(body).build()));
                }

                @Override
                public void sendAsync(String body, BiConsumer<ChaosLoad.Stored, Throwable> done) {
                    template.sendAsync(MQMessage.builder(topic).body(body).build()).whenComplete(
                            (result, error) -> done.accept(error == null ? stored(result) : null, error));
                }
            }, seconds, out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChaosLoad.Stored stored(SendResult result) {
        return new ChaosLoad.Stored(result.msgId(), result.queue().brokerName());
    }

    /** One client's chaos load: sends for the given seconds and writes one line per send to the output file. */
    @FunctionalInterface
    private interface Load {
        void run(LocalRocketMQ cluster, String topic, int seconds, Path out);
    }
}
