package dev.mqtemplate.localbroker;

import dev.mqtemplate.localbroker.runtime.ChildMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a Java process on the RocketMQ runtime classpath (which never meets ours) through {@link ChildMain}, whose
 * standard input stays open for as long as this JVM lives.
 */
final class ChildJvm {

    private static final String CLASSPATH_RESOURCE = "dev/mqtemplate/localbroker/runtime/rocketmq.classpath";

    /** The runtime classpath plus what only the RocketMQ Proxy needs (gRPC services, netty-tcnative). */
    private static final String PROXY_CLASSPATH_RESOURCE = "dev/mqtemplate/localbroker/runtime/rocketmq-proxy.classpath";

    private static volatile String runtimeClasspath;

    private static volatile String proxyClasspath;

    private ChildJvm() {
    }

    static Process start(String mainClass, List<String> jvmOptions, List<String> args, Path home, Path log) {
        return start(mainClass, jvmOptions, args, home, log, java.util.Map.of());
    }

    /**
     * As {@link #start(String, List, List, Path, Path)}, with {@code environment} added to the child's: secrets go
     * there, never on the command line (process listings and logs show that).
     */
    static Process start(String mainClass, List<String> jvmOptions, List<String> args, Path home, Path log,
            java.util.Map<String, String> environment) {
        return start(runtimeClasspath(), mainClass, jvmOptions, args, home, log, environment);
    }

    /** As {@link #start(String, List, List, Path, Path, java.util.Map)}, on the given classpath. */
    static Process start(String classpath, String mainClass, List<String> jvmOptions, List<String> args, Path home,
            Path log, java.util.Map<String, String> environment) {
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

    static String runtimeClasspath() {
        String classpath = runtimeClasspath;
        if (classpath == null) {
            classpath = ownLocation() + java.io.File.pathSeparator + readClasspathResource(CLASSPATH_RESOURCE);
            runtimeClasspath = classpath;
        }
        return classpath;
    }

    /** The classpath of a RocketMQ Proxy's JVM: a separate list, so other servers never load the Proxy's jars. */
    static String proxyClasspath() {
        String classpath = proxyClasspath;
        if (classpath == null) {
            classpath = ownLocation() + java.io.File.pathSeparator + readClasspathResource(PROXY_CLASSPATH_RESOURCE);
            proxyClasspath = classpath;
        }
        return classpath;
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
