package dev.mqtemplate.localbroker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A master/slave group with automatic master election: the master killed with SIGKILL, the standalone controller
 * promotes the replica, the official producer stores on it, and what was acknowledged by the dead master
 * is read back from the new one by the official consumer.
 */
class HAGroupIntegrationTests {

    @Test
    void theReplicaIsPromotedWhenTheMasterIsKilledAndKeepsWhatWasAcknowledged() {
        try (LocalRocketMQ cluster = LocalRocketMQ.builder().haGroup(true).brokerHeap("384m").start()) {
            assertThat(cluster.brokers()).extracting(LocalProcess::name)
                    .containsExactly("broker-a", "broker-a-replica");
            // stored through the first master at start, before the replica joined: the replica copied it
            assertThat(cluster.readMessages("local_ready_broker_a", 1, Duration.ofSeconds(20))).isNotEmpty();

            cluster.broker("broker-a").kill();
            cluster.awaitReady(cluster.broker("broker-a-replica")); // only the promoted replica can store it

            List<StoredMessage> kept = cluster.readMessages("local_ready_broker_a", 1, Duration.ofSeconds(20));
            assertThat(kept).as("acknowledged by the dead master, read from the new one").isNotEmpty()
                    .allMatch(message -> message.brokerName().equals("broker-a"));
        }
    }
}
