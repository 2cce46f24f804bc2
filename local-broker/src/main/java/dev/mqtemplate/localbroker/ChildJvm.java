package dev.mqtemplate.localbroker;

import dev.mqtemplate.localbroker.runtime.ChildMain;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a Java process on the RocketMQ runtime classpath (which never meets ours) through {@link ChildMain}, whose
 * standard input stays open for as long as this JVM lives.
 *
 * <p>Three classpaths: the RocketMQ servers themselves ({@link LocalProcess#classpath()}) run on the one the system
 * property {@value RocketMQVersion#CLASSPATH_PROPERTY} gives, when set, so that the interop tests can run
 * against another RocketMQ version; our own tools (read-back consumer, readiness probe, responder, ACL admin) always
 * run on the 5.3.3 classpath they were compiled against; the Proxy runs on its own 5.3.3 list
 * ({@link #proxyClasspath}). The broker's version is what the tests vary; the official 5.3.3 client that reads back
 * is the fixed reference, and it talks to 4.x and 5.x brokers alike.
 */
final class ChildJvm {

    private static final String CLASSPATH_RESOURCE = "dev/mqtemplate/localbroker/runtime/rocketmq.classpath";

    /** The runtime classpath plus what only the RocketMQ Proxy needs (gRPC services, netty-tcnative). */
    private static final String PROXY_CLASSPATH_RESOURCE = "dev/mqtemplate/localbroker/runtime/rocketmq-proxy.classpath";

    private static final String SERVER_PACKAGE = "org.apache.rocketmq.";

    /** Our runtime jar plus a resolved list, by the name of the resource that lists it. */
    private static final Map<String, String> RESOURCE_CLASSPATHS = new ConcurrentHashMap<>();

    private static volatile String serverClasspath;

    private ChildJvm() {
    }

    /**
     * Starts one of our tools (read-back consumer, readiness probe, responder, ACL admin) on the 5.3.3 runtime
     * classpath, with {@code environment} added to the child's: secrets go there, never on the command line (process
     * listings and logs show that). Servers start through {@link LocalProcess}, on the classpath it gives.
     */
    static Process start(String mainClass, List<String> jvmOptions, List<String> args, Path home, Path log,
            Map<String, String> environment) {
        return start(runtimeClasspath(), mainClass, jvmOptions, args, home, log, environment);
    }

    /** As {@link #start(String, List, List, Path, Path, Map)}, on the given classpath. */
    static Process start(String classpath, String mainClass, List<String> jvmOptions, List<String> args, Path home,
            Path log, Map<String, String> environment) {
        if (mainClass.startsWith(SERVER_PACKAGE)) {
            writeLogConfig(home);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // RocketMQ refuses to start without a home; logs go under user.home: keep both inside the temporary folder.
        command.add("-Drocketmq.home.dir=" + home);
        command.add("-Duser.home=" + home);
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-cp");
        command.add(classpath);
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (log != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + mainClass, e);
        }
    }

    /**
     * RocketMQ 4.x servers exit at start unless {@code <rocketmq home>/conf/logback_namesrv.xml} (or
     * {@code logback_broker.xml}) exists; 5.x ignores these files. Warnings and errors go to the console, which is the
     * server's log file.
     */
    private static void writeLogConfig(Path home) {
        String config = String.join("\n",
                "<configuration>",
                "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>",
                "</configuration>", "");
        try {
            Path conf = Files.createDirectories(home.resolve("conf"));
            for (String name : List.of("logback_namesrv.xml", "logback_broker.xml")) {
                if (!Files.exists(conf.resolve(name))) {
                    Files.writeString(conf.resolve(name), config);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log configuration under " + home, e);
        }
    }

    static String runtimeClasspath() {
        return resourceClasspath(CLASSPATH_RESOURCE);
    }

    /**
     * The classpath of the name servers and brokers: the default RocketMQ runtime, or the one
     * {@value RocketMQVersion#CLASSPATH_PROPERTY} names. Our runtime jar comes first either way, for {@link ChildMain}.
     */
    static String serverClasspath() {
        String classpath = serverClasspath;
        if (classpath == null) {
            String chosen = System.getProperty(RocketMQVersion.CLASSPATH_PROPERTY, "").trim();
            classpath = chosen.isEmpty() ? runtimeClasspath() : ownLocation() + File.pathSeparator + read(chosen);
            serverClasspath = classpath;
        }
        return classpath;
    }

    /** The classpath of a RocketMQ Proxy's JVM: a separate list, so other servers never load the Proxy's jars. */
    static String proxyClasspath() {
        return resourceClasspath(PROXY_CLASSPATH_RESOURCE);
    }

    private static String resourceClasspath(String resource) {
        return RESOURCE_CLASSPATHS.computeIfAbsent(resource,
                listed -> ownLocation() + File.pathSeparator + readClasspathResource(listed));
    }

    /** The property's value: the content of the file it names, or else the path list itself. */
    private static String read(String chosen) {
        Path file;
        try {
            file = Path.of(chosen);
        } catch (java.nio.file.InvalidPathException pathList) {
            return chosen; // several entries (C:\a.jar;C:\b.jar) are no file name on Windows
        }
        if (!Files.isRegularFile(file)) {
            return chosen;
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (content.isEmpty()) {
                throw new IllegalStateException(RocketMQVersion.CLASSPATH_PROPERTY + " names an empty file: " + file);
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the local-broker runtime jar", e);
        }
    }

    private static String readClasspathResource(String resource) {
        try (InputStream in = ChildMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing: build mqtemplate-local-broker-runtime with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
