package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.TopicPublishInfo;
import dev.mqtemplate.client.send.BrokerHealth.FaultKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Queue selection around isolated brokers and the broker a retry avoids. */
class QueueSelectorTests {

    private final BrokerHealth health = new BrokerHealth();

    private final QueueSelector selector = new QueueSelector(health);

    private final TopicPublishInfo twoBrokers = new TopicPublishInfo("orders", queues(), Map.of("broker-a",
            "127.0.0.1:1", "broker-b", "127.0.0.1:2"), Map.of(), false);

    @Test
    void skipsAnIsolatedBroker() {
        health.recordFault("broker-a", FaultKind.CONNECTION);

        for (int i = 0; i < 16; i++) {
            assertThat(selector.select(twoBrokers, null).brokerName()).isEqualTo("broker-b");
        }
    }

    @Test
    void whenEveryBrokerIsIsolatedARetryStillAvoidsTheBrokerThatJustFailed() {
        health.recordFault("broker-a", FaultKind.CONNECTION);
        health.recordFault("broker-b", FaultKind.CONNECTION);

        for (int i = 0; i < 16; i++) {
            assertThat(selector.select(twoBrokers, "broker-a").brokerName()).isEqualTo("broker-b");
        }
    }

    @Test
    void whenEveryBrokerIsIsolatedAFirstAttemptStillGetsAQueue() {
        health.recordFault("broker-a", FaultKind.CONNECTION);
        health.recordFault("broker-b", FaultKind.CONNECTION);

        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            picked.add(selector.select(twoBrokers, null).brokerName());
        }

        assertThat(picked).contains("broker-a", "broker-b");
    }

    private static List<MessageQueue> queues() {
        List<MessageQueue> queues = new ArrayList<>();
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int id = 0; id < 2; id++) {
                queues.add(new MessageQueue("orders", broker, id));
            }
        }
        return queues;
    }
}
