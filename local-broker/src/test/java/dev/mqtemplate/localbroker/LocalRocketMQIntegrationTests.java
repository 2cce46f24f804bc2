package dev.mqtemplate.localbroker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class LocalRocketMQIntegrationTests {

    private static LocalRocketMQ rocketMQ;

    /** A responder left running for the cluster's close to kill. */
    private static LocalResponder leftRunning;

    @BeforeAll
    static void start() {
        rocketMQ = LocalRocketMQ.builder().start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        rocketMQ.close();
        if (leftRunning != null) {
            assertThat(leftRunning.process().waitFor(10, TimeUnit.SECONDS)).as("responder killed with its cluster")
                    .isTrue();
        }
    }

    @Test
    void aResponderHaltsWhenItsStdinClosesLikeEveryChild() throws Exception {
        LocalResponder responder = rocketMQ.startResponder("local_ready_broker_a", Duration.ZERO);
        leftRunning = rocketMQ.startResponder("local_ready_broker_a", Duration.ZERO);
        assertThat(responder.lines()).contains("READY");

        responder.process().getOutputStream().close(); // what the death of this JVM does to the pipe

        assertThat(responder.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(leftRunning.process().isAlive()).isTrue();
    }

    @Test
    void readinessMessageIsReadBackByTheOfficialConsumer() {
        List<StoredMessage> stored = rocketMQ.readMessages("local_ready_broker_a", 1, Duration.ofSeconds(10));

        assertThat(stored).isNotEmpty();
        StoredMessage message = stored.get(0);
        assertThat(message.brokerName()).isEqualTo("broker-a");
        assertThat(new String(message.body())).isEqualTo("ready");
        assertThat(message.uniqKey()).hasSize(32);
        assertThat(message.properties()).containsKey("UNIQ_KEY");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void everyListenerIsOnLoopback() throws IOException {
        List<String> listeners = new ArrayList<>();
        listeners.addAll(listeningAddresses(rocketMQ.nameServers().get(0).pid()));
        listeners.addAll(listeningAddresses(rocketMQ.brokers().get(0).pid()));

        // name server 1, broker 3 (main, fast channel, HA)
        assertThat(listeners).hasSizeGreaterThanOrEqualTo(4);
        assertThat(listeners).allMatch(address -> address.startsWith("0100007F:"), "bound to 127.0.0.1");
    }

    @Test
    void killedBrokerIsGoneAndARestartServesAgain() {
        LocalBroker broker = rocketMQ.broker("broker-a");
        broker.kill();
        assertThat(broker.isRunning()).isFalse();

        broker.start();
        rocketMQ.awaitReady(broker);
        assertThat(broker.isRunning()).isTrue();
    }

    /** The local addresses (hex, as in /proc/net/tcp) of the TCP sockets a process listens on. */
    private static List<String> listeningAddresses(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException ignored) {
                    // the descriptor closed while we looked
                }
            });
        }
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] columns = line.trim().split("\\s+");
                boolean listening = "0A".equals(columns[3]);
                if (listening && inodes.contains(columns[9])) {
                    addresses.add(columns[1]);
                }
            }
        }
        return addresses;
    }
}
