package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkCase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Turns the measurements into the Markdown tables (per target, then the ratios of each mqtemplate client to each
 * official one and of the metered mqtemplate to the bare one) and the CSV.
 */
final class Report {

    static final Map<String, String> TARGET_TITLES = Map.of(
            "stub", "Stub broker (answers at once: the client alone)",
            "broker", "Real broker (RocketMQ 5.3.3, local, same machine)",
            "broker-tls", "Real broker with TLS enforced (mqtemplate per client, the official client by tls.* "
                    + "system properties)");

    /** The figures the ratio tables compare, in their column order: msgs/s, p99, CPU per message, allocation. */
    private static final List<ToDoubleFunction<Measurement>> METRICS = List.of(Measurement::throughput,
            m -> m.percentileMicros(99), Measurement::cpuSecondsPer100k, Measurement::bytesPerMessage);

    private final List<Measurement> measurements;

    private final List<String> targets;

    private final List<BenchmarkCase> cases;

    private final List<ClientKind> clients;

    Report(List<Measurement> measurements, List<String> targets, List<BenchmarkCase> cases, List<ClientKind> clients) {
        this.measurements = measurements;
        this.targets = targets;
        this.cases = cases;
        this.clients = clients;
    }

    Optional<Measurement> find(String target, BenchmarkCase benchmarkCase, ClientKind client) {
        return measurements.stream().filter(m -> m.target.equals(target) && m.benchmarkCase == benchmarkCase
                && m.client == client && !m.isEmpty()).findFirst();
    }

    String markdownTables() {
        StringBuilder out = new StringBuilder();
        for (String target : targets) {
            out.append("### ").append(TARGET_TITLES.getOrDefault(target, target)).append("\n\n");
            out.append("| case | client | msgs/s | ± % | p50 µs | p99 µs | p99.9 µs | CPU s / 100k msgs | bytes alloc / msg | GCs / run | errors |\n");
            out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (BenchmarkCase benchmarkCase : cases) {
                for (ClientKind client : clients) {
                    Optional<Measurement> found = find(target, benchmarkCase, client);
                    out.append("| ").append(benchmarkCase.title()).append(" | ").append(client.label()).append(" | ");
                    if (found.isEmpty()) {
                        out.append("no result").append(" | | | | | | | | |\n");
                        continue;
                    }
                    Measurement m = found.get();
                    out.append(format("%,.0f", m.throughput())).append(" | ")
                            .append(format("%.0f", m.spreadPercent())).append(" | ")
                            .append(format("%,.0f", m.percentileMicros(50))).append(" | ")
                            .append(format("%,.0f", m.percentileMicros(99))).append(" | ")
                            .append(format("%,.0f", m.percentileMicros(99.9))).append(" | ")
                            .append(format("%.2f", m.cpuSecondsPer100k())).append(" | ")
                            .append(format("%,.0f", m.bytesPerMessage())).append(" | ")
                            .append(format("%.1f", m.gcPerRun())).append(" | ")
                            .append(m.errors()).append(" |\n");
                }
            }
            out.append('\n');
        }
        out.append(ratioTable());
        return out.toString();
    }

    /** Each mqtemplate client against each official one, then the metered client against the bare one. */
    private String ratioTable() {
        List<ClientKind> ours = clients.stream().filter(client -> !client.isOfficial()).toList();
        StringBuilder out = new StringBuilder("### Ratios mqtemplate / official (JSON headers) and mqtemplate / official (binary headers)\n\n");
        out.append("One row per mqtemplate client: bare, and in a Boot app with Actuator and Prometheus (metered). ");
        out.append("Throughput: higher is better for mqtemplate; p99, CPU and allocation: lower is better.\n\n");
        out.append("| target | case | client | msgs/s vs JSON | msgs/s vs binary | p99 vs JSON | p99 vs binary | CPU/msg vs JSON | CPU/msg vs binary | alloc/msg vs JSON | alloc/msg vs binary |\n");
        out.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String target : targets) {
            for (BenchmarkCase benchmarkCase : cases) {
                for (ClientKind client : ours) {
                    out.append("| ").append(target).append(" | ").append(benchmarkCase.title()).append(" | ")
                            .append(client.label()).append(" |");
                    for (ToDoubleFunction<Measurement> metric : METRICS) {
                        for (ClientKind official : List.of(ClientKind.OFFICIAL_JSON, ClientKind.OFFICIAL_BINARY)) {
                            out.append(' ').append(ratio(target, benchmarkCase, client, official, metric)).append(" |");
                        }
                    }
                    out.append('\n');
                }
            }
        }
        out.append('\n');
        if (clients.contains(ClientKind.MQTEMPLATE_BATCHING) && clients.contains(ClientKind.OFFICIAL_AUTOBATCH)) {
            out.append(batchingTable());
        }
        if (clients.contains(ClientKind.MQTEMPLATE) && clients.contains(ClientKind.MQTEMPLATE_BOOT)) {
            out.append(meteredCostTable());
        }
        return out.toString();
    }

    /** What the Boot app and its meters cost: the metered client's figures over the bare one's. */
    /** Automatic batching on both sides, and ours against the official client's defaults. */
    private String batchingTable() {
        StringBuilder out = new StringBuilder("### Automatic batching: mqtemplate-batching / official-autobatch and "
                + "mqtemplate-batching / official-json\n\n");
        out.append("| target | case | msgs/s vs autoBatch | msgs/s vs defaults | p99 vs autoBatch | CPU/msg vs autoBatch |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (String target : targets) {
            for (BenchmarkCase benchmarkCase : cases) {
                out.append("| ").append(target).append(" | ").append(benchmarkCase.title()).append(" | ")
                        .append(ratio(target, benchmarkCase, ClientKind.MQTEMPLATE_BATCHING,
                                ClientKind.OFFICIAL_AUTOBATCH, METRICS.get(0))).append(" | ")
                        .append(clients.contains(ClientKind.OFFICIAL_JSON) ? ratio(target, benchmarkCase,
                                ClientKind.MQTEMPLATE_BATCHING, ClientKind.OFFICIAL_JSON, METRICS.get(0)) : "-")
                        .append(" | ").append(ratio(target, benchmarkCase, ClientKind.MQTEMPLATE_BATCHING,
                                ClientKind.OFFICIAL_AUTOBATCH, METRICS.get(1))).append(" | ")
                        .append(ratio(target, benchmarkCase, ClientKind.MQTEMPLATE_BATCHING,
                                ClientKind.OFFICIAL_AUTOBATCH, METRICS.get(2))).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    private String meteredCostTable() {
        StringBuilder out = new StringBuilder("### Ratios mqtemplate in a Boot app (metered) / mqtemplate (bare)\n\n");
        out.append("What the application, Actuator and the Prometheus meters cost: throughput below 1, the rest above 1 ");
        out.append("is the cost.\n\n");
        out.append("| target | case | msgs/s | p99 | CPU/msg | alloc/msg |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (String target : targets) {
            for (BenchmarkCase benchmarkCase : cases) {
                out.append("| ").append(target).append(" | ").append(benchmarkCase.title()).append(" |");
                for (ToDoubleFunction<Measurement> metric : METRICS) {
                    out.append(' ').append(ratio(target, benchmarkCase, ClientKind.MQTEMPLATE_BOOT,
                            ClientKind.MQTEMPLATE, metric)).append(" |");
                }
                out.append('\n');
            }
        }
        return out.append('\n').toString();
    }

    private String ratio(String target, BenchmarkCase benchmarkCase, ClientKind client, ClientKind reference,
            ToDoubleFunction<Measurement> metric) {
        Optional<Measurement> ours = find(target, benchmarkCase, client);
        Optional<Measurement> theirs = find(target, benchmarkCase, reference);
        if (ours.isEmpty() || theirs.isEmpty()) {
            return "n/a";
        }
        double denominator = metric.applyAsDouble(theirs.get());
        return denominator == 0 ? "n/a" : format("%.2f×", metric.applyAsDouble(ours.get()) / denominator);
    }

    String csv() {
        StringBuilder out = new StringBuilder("target,case,client,rounds,messages,msgs_per_s,msgs_per_s_by_round,"
                + "p50_us,p99_us,p999_us,cpu_s_per_100k,alloc_bytes_per_msg,gc_per_run,errors\n");
        for (String target : targets) {
            for (BenchmarkCase benchmarkCase : cases) {
                for (ClientKind client : clients) {
                    Optional<Measurement> found = find(target, benchmarkCase, client);
                    if (found.isEmpty()) {
                        out.append(target).append(',').append(benchmarkCase.name()).append(',').append(client.label())
                                .append(",0,,,,,,,,,,\n");
                        continue;
                    }
                    Measurement m = found.get();
                    out.append(String.join(",", target, benchmarkCase.name(), client.label(),
                            Integer.toString(m.runs.size()), Long.toString(m.messages()),
                            format("%.0f", m.throughput()),
                            String.join(";", m.throughputByRound().stream().map(v -> format("%.0f", v)).toList()),
                            format("%.1f", m.percentileMicros(50)), format("%.1f", m.percentileMicros(99)),
                            format("%.1f", m.percentileMicros(99.9)), format("%.3f", m.cpuSecondsPer100k()),
                            format("%.0f", m.bytesPerMessage()), format("%.1f", m.gcPerRun()),
                            Long.toString(m.errors()))).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
