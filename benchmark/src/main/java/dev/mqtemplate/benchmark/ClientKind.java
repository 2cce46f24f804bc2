package dev.mqtemplate.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The clients compared, each started in its own JVM: mqtemplate on this module's classpath, bare or in a Boot
 * application with Actuator and a Prometheus registry (metered), and the official producer on the classpath written
 * into the benchmark-official jar, with JSON headers (its default) or binary ones; and, for the batching
 * comparison, each with automatic batching on.
 */
enum ClientKind {

    MQTEMPLATE("mqtemplate", "mqtemplate (bare)", "dev.mqtemplate.benchmark.MQTemplateRunner", List.of()),
    MQTEMPLATE_BOOT("mqtemplate-boot", "mqtemplate in a Boot app (metered)", "dev.mqtemplate.benchmark.BootAppRunner",
            List.of()),
    /** Bare, with automatic batching on (its defaults); only async sends batch. */
    MQTEMPLATE_BATCHING("mqtemplate-batching", "mqtemplate (bare), automatic batching on",
            "dev.mqtemplate.benchmark.MQTemplateRunner", List.of("-D" + MQTemplateClient.AUTO_BATCHING + "=true")),
    OFFICIAL_JSON("official-json", "official, JSON headers", Official.RUNNER, List.of()),
    OFFICIAL_BINARY("official-binary", "official, binary headers", Official.RUNNER,
            List.of("-Drocketmq.serialize.type=ROCKETMQ")),
    /** The official producer with its autoBatch on (5.1.4+, its defaults), JSON headers. */
    OFFICIAL_AUTOBATCH("official-autobatch", "official, autoBatch on", Official.RUNNER,
            List.of("-Dbench.official.autoBatch=true"));

    /** The mqtemplate clients, compared with each official one in the ratio table. */
    static final List<ClientKind> MQTEMPLATES = List.of(MQTEMPLATE, MQTEMPLATE_BOOT, MQTEMPLATE_BATCHING);

    /** Holds the name where the enum constants above can use it. */
    private static final class Official {
        static final String RUNNER = "dev.mqtemplate.benchmark.official.OfficialRunner";
    }

    private static final String OFFICIAL_CLASSPATH = "dev/mqtemplate/benchmark/official/official.classpath";

    private final String label;

    private final String title;

    private final String mainClass;

    private final List<String> extraOptions;

    ClientKind(String label, String title, String mainClass, List<String> extraOptions) {
        this.label = label;
        this.title = title;
        this.mainClass = mainClass;
        this.extraOptions = extraOptions;
    }

    /** The name in options, logs, tables and the CSV. */
    String label() {
        return label;
    }

    /** A longer name for the chart's legend. */
    String title() {
        return title;
    }

    String mainClass() {
        return mainClass;
    }

    /** JVM options that only this client gets (on top of the heap and GC settings all share). */
    List<String> extraOptions() {
        return extraOptions;
    }

    boolean isOfficial() {
        return !MQTEMPLATES.contains(this);
    }

    /** The classpath its JVM runs on. */
    String classpath() {
        return isOfficial() ? officialClasspath() : System.getProperty("java.class.path");
    }

    static ClientKind ofLabel(String label) {
        for (ClientKind kind : values()) {
            if (kind.label.equals(label.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown client '" + label + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(ClientKind::label).toList()));
    }

    private static String officialClasspath() {
        ClassLoader loader = ClientKind.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(OFFICIAL_CLASSPATH)) {
            if (in == null) {
                throw new IllegalStateException(OFFICIAL_CLASSPATH + " is missing: build mqtemplate-benchmark-official with Maven");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            // the runner's own jar: found through its class, which is loaded but never initialized here
            Class<?> runner = Class.forName(Official.RUNNER, false, loader);
            Path jar = Path.of(runner.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar + File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark-official jar", e);
        }
    }
}
