package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.metrics.SendMode;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * One-way sends are honest: written ones and failed ones are both counted, and a failed one throws.
 */
class OnewayMetricsTests {

    @Test
    void writtenAndFailedOnewaysAreCountedApart() throws InterruptedException {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        SendMetrics recording = new SendMetrics() {
            @Override
            public void sendCompleted(String topic, String broker, SendMode mode, String status, Throwable error,
                    long nanos) {
                if (mode == SendMode.ONEWAY) {
                    outcomes.add(status);
                }
            }
        };
        try (FakeRemotingServer broker = FakeRemotingServer.start(FakeRoles.broker());
                FakeRemotingServer nameServer = FakeRemotingServer.start(FakeRoles.nameServer(broker.address()));
                MQTemplate template = MQTemplate.builder(MQClientConfig.builder().nameServer(nameServer.address())
                        .build()).metrics(recording).build()) {
            template.sendOneway(MQMessage.builder("orders").body("written").build());
            assertThat(broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1, Duration.ofSeconds(2))).hasSize(1);

            broker.close(); // the broker is gone: connections are refused
            // A oneway written before the client sees the close is honestly "written"; wait for the client to notice,
            // which a send path with less work per message no longer does by accident.
            awaitNoOpenConnection(template, broker.address());
            assertThatThrownBy(() -> template.sendOneway(MQMessage.builder("orders").body("refused").build()))
                    .isInstanceOf(MQNotSentException.class);
        }

        assertThat(outcomes).containsExactly("WRITTEN", "ERROR");
    }

    private static void awaitNoOpenConnection(MQTemplate template, String address) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (template.channelPool().openConnections(address) > 0) {
            assertThat(System.nanoTime()).as("connection to %s closed in time", address).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
