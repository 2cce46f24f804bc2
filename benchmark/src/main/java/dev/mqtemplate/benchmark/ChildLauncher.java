package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkCase;
import dev.mqtemplate.benchmark.harness.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts one benchmark child JVM (one client, one case), with the heap and GC settings every client gets, waits for
 * it and parses its result line. The child's output is kept in a log file under the work folder.
 */
final class ChildLauncher {

    /** Heap and GC settings shared by every client JVM. */
    static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC",
            "-Djava.net.preferIPv4Stack=true");

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path workDirectory;

    private final Path jfrDirectory;

    /**
     * @param jfrDirectory where each child records a JFR profile of its measured phase, or null for none
     */
    ChildLauncher(Path workDirectory, Path jfrDirectory) {
        this.workDirectory = workDirectory;
        this.jfrDirectory = jfrDirectory;
    }

    RunResult run(ClientKind client, BenchmarkCase benchmarkCase, String nameServer, String topic,
            double warmupSeconds, double measureSeconds, String runName) {
        return run(client, benchmarkCase, nameServer, topic, warmupSeconds, measureSeconds, runName, null);
    }

    /**
     * As the other {@code run}, against a TLS target whose authority is {@code tlsCa} (null for plaintext): the
     * official client gets RocketMQ's {@code tls.*} system properties in its JVM (its only way), ours only the path.
     */
    RunResult run(ClientKind client, BenchmarkCase benchmarkCase, String nameServer, String topic,
            double warmupSeconds, double measureSeconds, String runName, Path tlsCa) {
        Path home = workDirectory.resolve(runName);
        Path log = workDirectory.resolve(runName + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(client.extraOptions());
        if (tlsCa != null && client.isOfficial()) {
            command.addAll(List.of("-Dtls.enable=true", "-Dtls.test.mode.enable=false", "-Dtls.client.authServer=true",
                    "-Dtls.client.trustCertPath=" + tlsCa, "-Dtls.config.file=" + home.resolve("no-tls.properties")));
        } else if (tlsCa != null) {
            command.add("-D" + MQTemplateClient.TLS_CA + "=" + tlsCa);
        }
        if (jfrDirectory != null) {
            // the child halts as soon as its result is out, so no dump on exit: the recording covers the measured
            // phase less half a second and is written when its duration ends
            command.add(String.format(Locale.ROOT, "-XX:StartFlightRecording=delay=%dms,duration=%dms,settings=profile,"
                    + "filename=%s", Math.round(warmupSeconds * 1000), Math.round(measureSeconds * 1000) - 500,
                    jfrDirectory.resolve(runName + ".jfr")));
        }
        // the official client writes its logs under user.home: keep them in the work folder
        command.add("-Duser.home=" + home);
        command.add("-cp");
        command.add(client.classpath());
        command.add(client.mainClass());
        command.addAll(List.of(client.label(), benchmarkCase.name(), nameServer, topic,
                Double.toString(warmupSeconds), Double.toString(measureSeconds)));
        try {
            Files.createDirectories(home);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            long budget = (long) ((warmupSeconds + measureSeconds) * 1000) + 90_000;
            if (!process.waitFor(budget, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(runName + " did not finish within " + budget + " ms; see " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            String line = output.lines().filter(l -> l.startsWith(RunResult.PREFIX)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(runName + " printed no result (exit code "
                            + process.exitValue() + "); see " + log + ":\n" + tail(output)));
            return JSON.readValue(line.substring(RunResult.PREFIX.length()), RunResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
