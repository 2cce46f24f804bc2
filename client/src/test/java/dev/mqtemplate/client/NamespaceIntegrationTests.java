package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.message.RecallHandle;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.testsupport.BrokerTopics;
import dev.mqtemplate.client.testsupport.FaultBench;
import dev.mqtemplate.localbroker.LocalResponder;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Namespaces against a real RocketMQ 5.3.3 broker, read back with the official consumer from the topics the broker
 * stored: two templates in two namespaces that send to one topic name reach two topics, {@code <ns>%<topic>}; the
 * user sees the plain name in results and metrics; a check-back of a namespaced transaction reaches the checker of
 * the plain topic; a request-reply call and a recall work in a namespace.
 */
@ExtendWith(LocalRocketMQExtension.class)
class NamespaceIntegrationTests {

    private static LocalRocketMQ rocketMQ;

    @BeforeAll
    static void cluster(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
    }

    private static MQClientConfig.Builder config(String namespace, String group) {
        return MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress()).producerGroup(group)
                .namespace(namespace);
    }

    @Test
    void twoNamespacesSendingToOneTopicNameReachTwoStoredTopics() throws Exception {
        String topic = "it_ns_orders_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, "it_nsA%" + topic, 4);
        BrokerTopics.create(rocketMQ, "it_nsB%" + topic, 4);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> sentByA = new ArrayList<>();
        String sentByB;
        try (MQTemplate a = MQTemplate.builder(config("it_nsA", "it_ns_group").build())
                .metrics(new MicrometerSendMetrics(registry)).build();
                MQTemplate b = MQTemplate.create(config("it_nsB", "it_ns_group").build())) {
            SendResult single = a.send(MQMessage.builder(topic).tags("single").body("a-single").build());
            SendResult async = a.sendAsync(MQMessage.builder(topic).body("a-async").build()).get(30, TimeUnit.SECONDS);
            SendResult ordered = a.send(MQMessage.builder(topic).shardingKey("customer-1").body("a-ordered").build());
            BatchSendResult batch = a.sendBatch(List.of(MQMessage.builder(topic).body("a-batch-1").build(),
                    MQMessage.builder(topic).body("a-batch-2").build()));
            a.sendOneway(MQMessage.builder(topic).body("a-oneway").build());
            sentByB = b.send(MQMessage.builder(topic).body("b-single").build()).msgId();

            // results name the user's topic
            assertThat(List.of(single.queue().topic(), async.queue().topic(), ordered.queue().topic(),
                    batch.queue().topic())).containsOnly(topic);
            sentByA.addAll(List.of(single.msgId(), async.msgId(), ordered.msgId()));
            sentByA.addAll(batch.msgIds());
            // so do the metrics, once they are recorded (they follow the caller's future)
            FaultBench.awaitTrue(() -> registry.find("mq.send").tag("topic", topic).timers().stream()
                    .mapToLong(timer -> timer.count()).sum() == 5, Duration.ofSeconds(10), "five sends timed");
            assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("topic"))
                    .isIn(null, topic));
        }

        List<StoredMessage> storedA = rocketMQ.readMessages("it_nsA%" + topic, 6, Duration.ofSeconds(30));
        List<StoredMessage> storedB = rocketMQ.readMessages("it_nsB%" + topic, 1, Duration.ofSeconds(30));

        assertThat(storedA).extracting(StoredMessage::topic).containsOnly("it_nsA%" + topic);
        assertThat(storedA).extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("a-single", "a-async", "a-ordered", "a-batch-1", "a-batch-2", "a-oneway");
        assertThat(storedA).extracting(StoredMessage::uniqKey).containsAll(sentByA);
        assertThat(storedB).extracting(StoredMessage::topic).containsExactly("it_nsB%" + topic);
        assertThat(storedB).extracting(StoredMessage::uniqKey).containsExactly(sentByB);
        assertThat(storedB.get(0).body()).asString(StandardCharsets.UTF_8).isEqualTo("b-single");
        System.out.println("namespace read-back: " + storedA.stream().map(m -> m.topic() + " "
                + new String(m.body(), StandardCharsets.UTF_8)).toList() + " / " + storedB.stream().map(m -> m.topic()
                + " " + new String(m.body(), StandardCharsets.UTF_8)).toList());
    }

    /**
     * The broker checks back with the stored topic ({@code REAL_TOPIC=<ns>%<topic>}) and the stored producer group
     * ({@code PGROUP=<ns>%<group>}): the template answers it with the checker of the user's topic, which sees the
     * user's topic.
     */
    @Test
    void aCheckBackInANamespaceReachesTheCheckerOfThePlainTopic() {
        String topic = "it_ns_tx_" + System.nanoTime();
        Set<String> checkedTopics = ConcurrentHashMap.newKeySet();
        try (MQTemplate template = MQTemplate.builder(config("it_nsTx", "it_ns_tx_group")
                .heartbeatInterval(Duration.ofSeconds(1)).build())
                .transactionChecker(topic, message -> {
                    checkedTopics.add(message.topic());
                    return TransactionDecision.COMMIT;
                }).build()) {
            TransactionResult undecided = template.sendInTransaction(MQMessage.builder(topic).body("decided later")
                    .build(), half -> TransactionDecision.UNKNOWN);
            assertThat(undecided.halfMessage().queue().topic()).isEqualTo(topic);

            List<StoredMessage> committed = rocketMQ.readMessages("it_nsTx%" + topic, 1, Duration.ofSeconds(60));

            assertThat(committed).extracting(StoredMessage::uniqKey)
                    .containsExactly(undecided.halfMessage().msgId());
            assertThat(committed.get(0).topic()).isEqualTo("it_nsTx%" + topic);
            assertThat(committed.get(0).properties()).containsEntry("PGROUP", "it_nsTx%it_ns_tx_group");
            assertThat(checkedTopics).containsExactly(topic);
        }
    }

    @Test
    void aRequestInANamespaceIsAnsweredByAResponderOfTheStoredTopic() {
        String topic = "it_ns_request_" + System.nanoTime();
        String stored = "it_nsRq%" + topic;
        BrokerTopics.create(rocketMQ, stored, 4);
        try (MQTemplate template = MQTemplate.create(config("it_nsRq", "it_ns_request_group").build());
                LocalResponder responder = rocketMQ.startResponder(stored, Duration.ZERO)) {
            ReplyMessage reply = template.sendAndReceive(MQMessage.builder(topic).body("ping").build(),
                    Duration.ofSeconds(30));

            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("reply:ping");
        }
    }

    /** The recall handle names the stored topic; recalling by the user's topic is accepted and reaches the broker. */
    @Test
    void aTimerMessageInANamespaceIsRecalledByItsPlainTopic() {
        String topic = "it_ns_timer_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, "it_nsT%" + topic, 4);
        try (MQTemplate template = MQTemplate.create(config("it_nsT", "it_ns_timer_group").build())) {
            SendResult timer = template.send(MQMessage.builder(topic).delay(Duration.ofSeconds(60)).body("later")
                    .build());
            assertThat(RecallHandle.parse(timer.recallHandle()).topic()).isEqualTo("it_nsT%" + topic);

            assertThat(template.recall(topic, timer.recallHandle())).isEqualTo(timer.msgId());
        }
    }
}
