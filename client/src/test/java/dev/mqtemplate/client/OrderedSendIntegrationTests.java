package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.send.QueuePin;
import dev.mqtemplate.client.testsupport.BrokerTopics;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ordered sends against a real RocketMQ 5.3.3 broker, read back with the official consumer: each key's messages sit
 * in one queue, the one the official hash selector picks, in exactly the order they were submitted, whatever mix of
 * threads, sync and async sends and connections carried them.
 */
@ExtendWith(LocalRocketMQExtension.class)
class OrderedSendIntegrationTests {

    private static final int QUEUES = 8;

    private static LocalRocketMQ rocketMQ;

    private static MQTemplate template;

    @BeforeAll
    static void open(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
        // several connections per broker: order must not depend on all requests sharing one
        template = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .connectionsPerBroker(3).build());
    }

    @AfterAll
    static void close() {
        template.close();
    }

    @Test
    void eachKeysMessagesSitInOneQueueInSubmissionOrderAcrossThreadsAndModes() throws Exception {
        String topic = "it_ordered_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, topic, QUEUES);
        int keys = 10;
        int perKey = 100;
        ConcurrentLinkedQueue<CompletableFuture<SendResult>> asyncSends = new ConcurrentLinkedQueue<>();
        List<Thread> senders = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                for (int seq = 0; seq < perKey; seq++) {
                    for (int k = thread; k < keys; k += 4) {
                        String key = "key-" + k;
                        MQMessage message = MQMessage.builder(topic).keys(key).shardingKey(key)
                                .body(key + ":" + seq).build();
                        // sync and async mixed within each key's sequence
                        try {
                            if ((seq + k) % 3 == 0) {
                                template.send(message);
                            } else {
                                asyncSends.add(template.sendAsync(message));
                            }
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }
            }, "ordered-sender-" + t);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(120));
        }
        CompletableFuture.allOf(asyncSends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(failures).isEmpty();

        List<StoredMessage> stored = rocketMQ.readMessages(topic, keys * perKey, Duration.ofSeconds(60));
        assertThat(stored).hasSize(keys * perKey);
        Map<String, List<StoredMessage>> byKey = stored.stream().collect(Collectors.groupingBy(StoredMessage::keys));
        assertThat(byKey).hasSize(keys);
        byKey.forEach((key, messages) -> {
            assertThat(messages).extracting(StoredMessage::queueId).as("queues of %s", key).containsOnly(
                    QueuePin.hashIndex(key, QUEUES));
            List<String> bodies = messages.stream().sorted(Comparator.comparingLong(StoredMessage::queueOffset))
                    .map(message -> new String(message.body(), StandardCharsets.UTF_8)).toList();
            List<String> submitted = new ArrayList<>();
            for (int seq = 0; seq < perKey; seq++) {
                submitted.add(key + ":" + seq);
            }
            assertThat(bodies).as("order of %s", key).containsExactlyElementsOf(submitted);
            assertThat(messages).allMatch(message -> key.equals(message.properties().get("__SHARDINGKEY")),
                    "the sharding key is stored for 5.x FIFO consumers");
        });
    }

    @Test
    void aBatchWithAShardingKeyAndOneWaySendsGoToTheKeysQueue() throws Exception {
        String topic = "it_ordered_modes_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, topic, QUEUES);
        int keysQueue = QueuePin.hashIndex("batch-key", QUEUES);
        List<MQMessage> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(MQMessage.builder(topic).shardingKey("batch-key").body("batch-" + i).build());
        }

        BatchSendResult result = template.sendBatch(batch);
        for (int i = 0; i < 5; i++) {
            template.sendOneway(MQMessage.builder(topic).shardingKey("batch-key").body("oneway-" + i).build());
        }
        template.sendOnewayAsync(MQMessage.builder(topic).shardingKey("batch-key").body("oneway-async").build())
                .get(10, TimeUnit.SECONDS);

        assertThat(result.queue().queueId()).isEqualTo(keysQueue);
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 11, Duration.ofSeconds(30));
        assertThat(stored).hasSize(11).extracting(StoredMessage::queueId).containsOnly(keysQueue);
    }

    @Test
    void anExplicitQueueAndASelectorChooseTheQueue() throws Exception {
        String topic = "it_ordered_chosen_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, topic, QUEUES);
        List<MessageQueue> queues = template.routeCache().publishInfo(topic).get(10, TimeUnit.SECONDS).queues();
        MessageQueue fifth = queues.get(5);

        SendResult explicit = template.send(MQMessage.builder(topic).queue(fifth).body("explicit").build());
        SendResult selected = template.sendAsync(MQMessage.builder(topic).body("selected")
                .queueSelector((all, message) -> all.get(all.size() - 1)).build()).get(10, TimeUnit.SECONDS);

        assertThat(explicit.queue()).isEqualTo(fifth);
        assertThat(selected.queue()).isEqualTo(queues.get(queues.size() - 1));
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 2, Duration.ofSeconds(30));
        assertThat(stored).extracting(StoredMessage::queueId).containsExactlyInAnyOrder(5, QUEUES - 1);
    }
}
