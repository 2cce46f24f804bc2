package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkCase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of a side-by-side run, from system properties (the Maven command passes {@code -Dbench.*} through).
 *
 * @param warmupSeconds {@code bench.warmupSeconds}: load before measuring, per run, default 3
 * @param measureSeconds {@code bench.measureSeconds}: measured phase per run, default 7
 * @param rounds {@code bench.rounds}: how often the sequence of clients repeats, default 2
 * @param cases {@code bench.cases}: case names separated by commas, or {@code all}
 * @param targets {@code bench.targets}: {@code stub}, {@code broker}, {@code broker-tls} (TLS enforced), default
 *     stub and broker
 * @param clients {@code bench.clients}: {@code mqtemplate,mqtemplate-boot,official-json,official-binary} by default
 * @param results {@code bench.results}: folder for results.md, results.csv and results.png
 * @param jfr {@code bench.jfr}: a folder where every client JVM records a JFR profile (settings "profile") of its
 *     measured phase, named after the run; unset for none
 */
record BenchmarkOptions(double warmupSeconds, double measureSeconds, int rounds, List<BenchmarkCase> cases,
        List<String> targets, List<ClientKind> clients, Path results, Path jfr) {

    /**
     * The target of the TLS case: a local broker and name server enforcing TLS; mqtemplate trusts its authority per
     * client (an SSL bundle in the Boot runner), the official client through {@code tls.*} system properties of its
     * own JVM, the way it is configured.
     */
    static final String TLS_TARGET = "broker-tls";

    static BenchmarkOptions fromSystemProperties() {
        String cases = property("bench.cases", "all");
        return new BenchmarkOptions(
                Double.parseDouble(property("bench.warmupSeconds", "3")),
                Double.parseDouble(property("bench.measureSeconds", "7")),
                Integer.parseInt(property("bench.rounds", "2")),
                cases.equals("all") ? List.of(BenchmarkCase.values())
                        : split(cases).stream().map(BenchmarkCase::valueOf).toList(),
                split(property("bench.targets", "stub,broker")).stream().peek(BenchmarkOptions::checkTarget).toList(),
                split(property("bench.clients", "mqtemplate,mqtemplate-boot,official-json,official-binary")).stream()
                        .map(ClientKind::ofLabel).toList(),
                Path.of(property("bench.results", "benchmark/results")),
                System.getProperty("bench.jfr", "").isBlank() ? null
                        : Path.of(System.getProperty("bench.jfr").trim()).toAbsolutePath());
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void checkTarget(String target) {
        if (!target.equals("stub") && !target.equals("broker") && !target.equals(TLS_TARGET)) {
            throw new IllegalArgumentException("unknown target '" + target + "': stub, broker or " + TLS_TARGET);
        }
    }

    /** Number of child JVM runs this will make. */
    int runCount() {
        return cases.size() * clients.size() * targets.size() * rounds;
    }
}
