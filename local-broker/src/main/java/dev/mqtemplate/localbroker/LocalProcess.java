package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One RocketMQ server (name server or broker) in its own JVM: start, stop by process handle (SIGKILL, since the store
 * is temporary), pause and resume (SIGSTOP / SIGCONT) to simulate a hung server. Restarting keeps the port and store.
 */
public abstract class LocalProcess {

    private final String name;

    private final int port;

    private final Path home;

    private volatile Process process;

    /** Options added to {@link #jvmOptions()}, such as a TLS cluster's system properties. */
    private volatile List<String> addedJvmOptions = List.of();

    LocalProcess(String name, int port, Path home) {
        this.name = name;
        this.port = port;
        this.home = home;
    }

    /** Name of this server, e.g. {@code broker-a} or {@code namesrv-0}. */
    public String name() {
        return name;
    }

    /** The {@code 127.0.0.1:port} address clients connect to. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Working folder of this server: its configuration, store and log. */
    public Path home() {
        return home;
    }

    /** Whether its JVM is running (a paused one counts as running). */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Process id of its JVM. */
    public long pid() {
        return process.pid();
    }

    /** The log the server's JVM writes. */
    public Path log() {
        return home.resolve("server.log");
    }

    /** Adds options to every later start of this server's JVM. */
    void addJvmOptions(List<String> options) {
        addedJvmOptions = java.util.stream.Stream.concat(addedJvmOptions.stream(), options.stream()).toList();
    }

    /** Starts (or restarts) this server on its port and store, and waits until it accepts connections. */
    public synchronized void start() {
        launch();
        awaitListening();
    }

    /** Starts this server's JVM, if it is not running, without waiting for it: see {@link #awaitListening()}. */
    synchronized void launch() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(home);
            List<String> options = java.util.stream.Stream.concat(jvmOptions().stream(), addedJvmOptions.stream())
                    .toList();
            process = ChildJvm.start(classpath(), mainClass(), options, arguments(), home, log(), java.util.Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a launched server accepts connections. */
    void awaitListening() {
        // generous: a broker restarted on a large store recovers it first, and CI machines may be busy
        awaitListening(Duration.ofSeconds(60));
    }

    /** Kills the JVM at once (SIGKILL) and waits until it is gone. */
    public synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        try {
            current.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes the JVM (SIGSTOP): connections stay open, nothing is answered. */
    public void pause() {
        signal("STOP");
    }

    /** Thaws a paused JVM (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    abstract String mainClass();

    /**
     * The classpath of this server's JVM: the servers' RocketMQ ({@link ChildJvm#serverClasspath()}, another version
     * in a version-matrix run), unless a server needs more.
     */
    String classpath() {
        return ChildJvm.serverClasspath();
    }

    abstract List<String> jvmOptions();

    abstract List<String> arguments() throws IOException;

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log: "
                        + LogTail.of(log()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException(name + " did not listen on " + address() + " within " + budget + "; log: "
                + LogTail.of(log()));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
