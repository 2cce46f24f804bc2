package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.send.AutoBatching;
import dev.mqtemplate.client.testsupport.BrokerTopics;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Automatic batching against a real RocketMQ 5.3.3 broker, read back with the official consumer: every message is
 * stored once, with its own id, where its result says.
 */
@ExtendWith(LocalRocketMQExtension.class)
class AutoBatchingIntegrationTests {

    private static final int MESSAGES = 3000;

    @Test
    void everyMessageIsStoredOnceWithItsOwnIdWhereItsResultSays(LocalRocketMQ rocketMQ) {
        String topic = "it_autobatch_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, topic, 8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>(MESSAGES);
        try (MQTemplate template = MQTemplate.builder(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .autoBatching(AutoBatching.DEFAULTS).build()).metrics(new MicrometerSendMetrics(registry)).build()) {
            template.send(MQMessage.builder(topic).body("warm-up").build()); // route and connection ready
            for (int i = 0; i < MESSAGES; i++) {
                futures.add(template.sendAsync(MQMessage.builder(topic).keys("k" + i).tags(i % 2 == 0 ? "even" : "odd")
                        .property("n", Integer.toString(i)).body(("message " + i + " ").repeat(40)).build()));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }

        List<StoredMessage> stored = rocketMQ.readMessages(topic, MESSAGES + 1, Duration.ofSeconds(90));
        assertThat(stored).hasSize(MESSAGES + 1);
        Map<String, StoredMessage> byId = stored.stream()
                .collect(Collectors.toMap(StoredMessage::uniqKey, Function.identity()));
        for (int i = 0; i < MESSAGES; i++) {
            SendResult result = futures.get(i).join();
            StoredMessage message = byId.get(result.msgId());
            assertThat(message).as("message %d, id %s", i, result.msgId()).isNotNull();
            assertThat(message.keys()).isEqualTo("k" + i);
            assertThat(message.tags()).isEqualTo(i % 2 == 0 ? "even" : "odd");
            assertThat(message.properties()).containsEntry("n", Integer.toString(i));
            assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo(("message " + i + " ").repeat(40));
            assertThat(message.queueId()).isEqualTo(result.queue().queueId());
            assertThat(message.queueOffset()).isEqualTo(result.queueOffset());
            assertThat(message.offsetMsgId()).isEqualTo(result.offsetMsgId());
        }
        DistributionSummary batchSizes = registry.get("mq.batching.size").summary();
        assertThat(batchSizes.max()).as("some requests carried several messages").isGreaterThan(1);
        assertThat(batchSizes.count()).as("fewer requests than messages").isLessThan(MESSAGES);
        assertThat(batchSizes.totalAmount()).isEqualTo(MESSAGES);
    }
}
