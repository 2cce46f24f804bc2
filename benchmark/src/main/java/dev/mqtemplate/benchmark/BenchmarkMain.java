package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkCase;
import dev.mqtemplate.benchmark.harness.Bodies;
import dev.mqtemplate.benchmark.harness.RunResult;
import dev.mqtemplate.benchmark.stub.StubBroker;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalTls;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The side-by-side benchmark: starts a stub broker and a real local RocketMQ, runs every case with every client, each
 * run in a fresh child JVM, clients alternating within each round, and writes results.md, results.csv and
 * results.png. Settings: {@link BenchmarkOptions}.
 */
public final class BenchmarkMain {

    static final String TOPIC = "bench_topic";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        Path work = Files.createTempDirectory("mqtemplate-benchmark-");
        System.out.printf(Locale.ROOT, "Benchmark: %d runs of %.0f s warm-up + %.0f s measured, %d rounds, "
                        + "cases %s, targets %s; child logs in %s%n", options.runCount(), options.warmupSeconds(),
                options.measureSeconds(), options.rounds(), options.cases(), options.targets(), work);
        List<Measurement> measurements = new ArrayList<>();
        boolean failed = false;
        boolean keepLogs = false;
        LocalRocketMQ broker = null;
        LocalRocketMQ tlsBroker = null;
        try (StubBroker stub = StubBroker.start()) {
            String brokerNameServer = null;
            if (options.targets().contains("broker")) {
                long brokerStart = System.nanoTime();
                broker = LocalRocketMQ.builder().brokerHeap("1g").start();
                brokerNameServer = broker.nameServerAddress();
                TopicAdmin.createTopic(broker.brokers().get(0).address(), brokerNameServer, TOPIC, StubBroker.QUEUES);
                System.out.printf(Locale.ROOT, "Local RocketMQ ready in %.1f s, topic %s with %d queues%n",
                        (System.nanoTime() - brokerStart) / 1e9, TOPIC, StubBroker.QUEUES);
            }
            String tlsNameServer = null;
            if (options.targets().contains(BenchmarkOptions.TLS_TARGET)) {
                tlsBroker = LocalRocketMQ.builder().brokerHeap("1g").tls(LocalTls.Mode.ENFORCING).start();
                tlsNameServer = tlsBroker.nameServerAddress();
                TopicAdmin.createTopic(tlsBroker.brokers().get(0).address(), tlsNameServer, TOPIC, StubBroker.QUEUES,
                        SslContextBuilder.forClient().trustManager(tlsBroker.tls().caCertificate().toFile()).build());
                System.out.printf(Locale.ROOT, "Local RocketMQ with TLS enforced ready, topic %s%n", TOPIC);
            }
            if (options.jfr() != null) {
                Files.createDirectories(options.jfr());
                System.out.println("JFR profiles of each client JVM go to " + options.jfr());
            }
            ChildLauncher launcher = new ChildLauncher(work, options.jfr());
            int run = 0;
            for (int round = 1; round <= options.rounds(); round++) {
                for (String target : options.targets()) {
                    String nameServer = target.equals("stub") ? stub.address()
                            : target.equals(BenchmarkOptions.TLS_TARGET) ? tlsNameServer : brokerNameServer;
                    java.nio.file.Path tlsCa = target.equals(BenchmarkOptions.TLS_TARGET)
                            ? tlsBroker.tls().caCertificate() : null;
                    for (BenchmarkCase benchmarkCase : options.cases()) {
                        for (ClientKind client : options.clients()) {
                            Measurement measurement = measurement(measurements, target, benchmarkCase, client);
                            run++;
                            String runName = String.format(Locale.ROOT, "r%d-%s-%s-%s", round, target,
                                    benchmarkCase.name(), client.label());
                            long runStarted = System.nanoTime();
                            try {
                                RunResult result = launcher.run(client, benchmarkCase, nameServer, TOPIC,
                                        options.warmupSeconds(), options.measureSeconds(), runName, tlsCa);
                                measurement.add(result);
                                if (result.messages() == 0 || result.errors() > 0) {
                                    keepLogs = true;
                                }
                                System.out.printf(Locale.ROOT, "[%d/%d] %-52s %,9.0f msgs/s  p99 %,8.0f µs  "
                                                + "CPU %.2f s/100k  %,7.0f B/msg  GC %d  errors %d  (%.1f s)%n",
                                        run, options.runCount(), runName, result.messages() / result.seconds(),
                                        singleP99(result), result.cpuNanos() / 1e9 * 100_000 / Math.max(1, result.messages()),
                                        (double) result.allocatedBytes() / Math.max(1, result.messages()),
                                        result.gcCount(), result.errors(), (System.nanoTime() - runStarted) / 1e9);
                            } catch (RuntimeException e) {
                                failed = true;
                                System.out.printf("[%d/%d] %s FAILED: %s%n", run, options.runCount(), runName,
                                        e.getMessage());
                            }
                        }
                    }
                }
            }
            if (!stub.unknownCodes().isEmpty()) {
                System.out.println("The stub broker was asked request codes it does not know: " + stub.unknownCodes());
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (tlsBroker != null) {
                tlsBroker.close();
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        Report report = new Report(measurements, options.targets(), options.cases(), options.clients());
        String markdown = header(options, minutes, loadBefore, loadAverage()) + report.markdownTables();
        Files.createDirectories(options.results());
        Files.writeString(options.results().resolve("results.md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(options.results().resolve("results.csv"), report.csv(), StandardCharsets.UTF_8);
        ResultChart.write(report, options, options.results().resolve("results.png"));
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written to " + options.results().toAbsolutePath() + " (results.md, results.csv, results.png)");
        if (failed) {
            System.out.println("Some runs failed; their child logs are kept in " + work);
            System.exit(1);
        }
        if (keepLogs) {
            System.out.println("Some runs had errors or no messages; their child logs are kept in " + work);
        } else {
            deleteQuietly(work);
        }
    }

    private static double singleP99(RunResult result) {
        Measurement one = new Measurement("", BenchmarkCase.valueOf(result.caseId()), ClientKind.ofLabel(result.client()));
        one.add(result);
        return one.percentileMicros(99);
    }

    private static Measurement measurement(List<Measurement> measurements, String target, BenchmarkCase benchmarkCase,
            ClientKind client) {
        for (Measurement m : measurements) {
            if (m.target.equals(target) && m.benchmarkCase == benchmarkCase && m.client == client) {
                return m;
            }
        }
        Measurement created = new Measurement(target, benchmarkCase, client);
        measurements.add(created);
        return created;
    }

    /** The 1, 5 and 15 minute load averages, to show whether something else ran on the machine. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String header(BenchmarkOptions options, double minutes, String loadBefore, String loadAfter) {
        return String.format(Locale.ROOT, """
                # mqtemplate vs the official RocketMQ producer

                Run of %s, %.1f minutes in all. Machine: %d cores (shared by the broker, the client under test and \
                this orchestrator), %s %s, Java %s. Load average (1, 5, 15 min) before the run %s, after it %s: \
                with 2 cores, anything above 2 before the run means something else was competing.

                Every run is a fresh JVM with `%s`, one client, one case: %.0f s warm-up, then %.0f s measured; \
                %d rounds, the clients alternating within each round (%s). \
                Figures combine the rounds: msgs/s from summed messages and seconds, percentiles from the merged \
                HdrHistograms (a batch's latency is the whole batch's), "± %%" is the spread (max - min) / mean of \
                the rounds' msgs/s. CPU is the client JVM's process CPU time over the measured phase; allocation \
                sums `ThreadMXBean.getThreadAllocatedBytes` over live threads (an estimate: threads that end in \
                the phase are lost); GCs are collections in the measured phase.

                Clients: mqtemplate with its defaults, bare (`mqtemplate`: `MQTemplate.create`, no metrics) and as \
                users run it (`mqtemplate-boot`: the starter in a non-web Spring Boot app with Actuator and \
                micrometer-registry-prometheus, only `mq.name-server` set, so every send records the `mq.send` timer \
                and every body the compression meters into a `PrometheusMeterRegistry`); \
                the official `DefaultMQProducer` 5.3.3 with its defaults \
                (JSON headers) and with `-Drocketmq.serialize.type=ROCKETMQ` (binary headers). All compress bodies \
                over 4 KiB with zlib level 5; the 16 KiB text compresses %.2f:1. The stub broker answers in JSON \
                headers, like a default broker. Batch: 32 messages of 1 KiB to one topic in one request \
                (`MQTemplate.sendBatch`, `DefaultMQProducer.send(Collection)`); msgs/s counts messages.

                """, ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), minutes,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), loadBefore, loadAfter,
                String.join(" ", ChildLauncher.JVM_OPTIONS.subList(0, 3)), options.warmupSeconds(),
                options.measureSeconds(), options.rounds(),
                String.join(", ", options.clients().stream().map(ClientKind::label).toList()),
                Bodies.zlibRatio(Bodies.text(Bodies.TEXT), 5));
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the folder lives under the temporary directory
        }
    }
}
