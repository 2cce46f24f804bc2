package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.testsupport.FaultBench;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transactional messages against a real RocketMQ 5.3.3 broker, read back with the official consumer: committed ones
 * are delivered, rolled back ones (and those whose local transaction threw) never are.
 */
@ExtendWith(LocalRocketMQExtension.class)
class TransactionIntegrationTests {

    private static LocalRocketMQ rocketMQ;

    private static MQTemplate template;

    @BeforeAll
    static void open(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
        template = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .producerGroup("it_tx_group").build());
    }

    @AfterAll
    static void close() {
        template.close();
    }

    @Test
    void aCommittedTransactionIsDeliveredOnceItsLocalTransactionCommits() {
        String topic = "it_tx_commit_" + System.nanoTime();
        AtomicReference<String> seenByLocal = new AtomicReference<>();

        TransactionResult result = template.sendInTransaction(MQMessage.builder(topic).keys("order-1").body("paid")
                .build(), half -> {
                    seenByLocal.set(half.msgId());
                    return TransactionDecision.COMMIT;
                });

        assertThat(result.decision()).isEqualTo(TransactionDecision.COMMIT);
        assertThat(result.endDelivered()).isTrue();
        assertThat(seenByLocal.get()).isEqualTo(result.halfMessage().msgId());
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 1, Duration.ofSeconds(30));
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).uniqKey()).isEqualTo(result.halfMessage().msgId());
        assertThat(new String(stored.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("paid");
        assertThat(stored.get(0).keys()).isEqualTo("order-1");
    }

    @Test
    void rolledBackAndFailedTransactionsAreNeverDelivered() throws Exception {
        String topic = "it_tx_rollback_" + System.nanoTime();

        TransactionResult rolledBack = template.sendInTransaction(MQMessage.builder(topic).body("rolled back").build(),
                half -> TransactionDecision.ROLLBACK);
        Throwable failed = catchThrowable(() -> template.sendInTransaction(MQMessage.builder(topic).body("failed")
                .build(), half -> {
                    throw new IllegalStateException("the database said no");
                }));
        TransactionResult committed = template.sendInTransaction(MQMessage.builder(topic).body("committed").build(),
                half -> TransactionDecision.COMMIT);

        assertThat(rolledBack.endDelivered()).isTrue();
        assertThat(failed).isInstanceOf(IllegalStateException.class).hasMessageContaining("rolled back")
                .hasRootCauseMessage("the database said no");
        // the committed one shows up; give the others every chance to show up too, then look again
        assertThat(rocketMQ.readMessages(topic, 1, Duration.ofSeconds(30))).isNotEmpty();
        Thread.sleep(2000);
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 3, Duration.ofSeconds(3));
        assertThat(stored).extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                .containsExactly("committed");
        assertThat(stored.get(0).uniqKey()).isEqualTo(committed.halfMessage().msgId());
    }

    /**
     * A local transaction that answers UNKNOWN leaves the broker as an END_TRANSACTION lost in transit does: it asks
     * the producer group later, and the checker registered for the message's topic settles it.
     */
    @Test
    void undecidedTransactionsAreSettledByTheCheckerOfTheirTopic() throws Exception {
        String committedTopic = "it_tx_check_commit_" + System.nanoTime();
        String rolledBackTopic = "it_tx_check_rollback_" + System.nanoTime();
        java.util.Set<String> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (MQTemplate checking = MQTemplate.builder(MQClientConfig.builder()
                .nameServer(rocketMQ.nameServerAddress()).producerGroup("it_tx_check_group")
                .heartbeatInterval(Duration.ofSeconds(1)).build())
                .transactionChecker(committedTopic, message -> {
                    checked.add(message.topic());
                    return TransactionDecision.COMMIT;
                })
                .transactionChecker(rolledBackTopic, message -> {
                    checked.add(message.topic());
                    return TransactionDecision.ROLLBACK;
                }).build()) {

            TransactionResult toCommit = checking.sendInTransaction(MQMessage.builder(committedTopic).body("decided later")
                    .build(), half -> TransactionDecision.UNKNOWN);
            checking.sendInTransaction(MQMessage.builder(rolledBackTopic).body("never").build(),
                    half -> TransactionDecision.UNKNOWN);

            List<StoredMessage> committed = rocketMQ.readMessages(committedTopic, 1, Duration.ofSeconds(60));
            assertThat(committed).extracting(StoredMessage::uniqKey).containsExactly(toCommit.halfMessage().msgId());
            FaultBench.awaitTrue(() -> checked.contains(rolledBackTopic), Duration.ofSeconds(30),
                    "the rollback checker was asked");
            Thread.sleep(2000);
            assertThat(rocketMQ.readMessages(rolledBackTopic, 1, Duration.ofSeconds(3))).isEmpty();
            assertThat(checked).containsExactlyInAnyOrder(committedTopic, rolledBackTopic);
        }
    }

    /**
     * A half message taken with {@code sendHalfMessage} waits for its owner: committed later, it is delivered; rolled
     * back, never; and it ends once. Each end is counted by decision.
     */
    @Test
    void aHalfMessageIsEndedByItsOwnerOnce() {
        String topic = "it_tx_half_" + System.nanoTime();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MQTemplate metered = MQTemplate.builder(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .producerGroup("it_tx_half_group").build()).metrics(new MicrometerSendMetrics(registry)).build()) {
            HalfMessage toCommit = metered.sendHalfMessage(MQMessage.builder(topic).body("kept").build());
            HalfMessage toRollBack = metered.sendHalfMessage(MQMessage.builder(topic).body("dropped").build());
            assertThat(toCommit.isEnded()).isFalse();

            assertThat(toRollBack.rollback().endDelivered()).isTrue();
            TransactionResult committed = toCommit.commit();

            assertThat(committed.decision()).isEqualTo(TransactionDecision.COMMIT);
            assertThat(committed.endDelivered()).isTrue();
            assertThat(catchThrowable(toCommit::rollback)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ended already");
            List<StoredMessage> stored = rocketMQ.readMessages(topic, 1, Duration.ofSeconds(30));
            assertThat(stored).extracting(StoredMessage::uniqKey).containsExactly(toCommit.sendResult().msgId());
            assertThat(registry.get("mq.transactions").tag("decision", "commit").tag("end", "written").counter()
                    .count()).isEqualTo(1.0);
            assertThat(registry.get("mq.transactions").tag("decision", "rollback").tag("end", "written").counter()
                    .count()).isEqualTo(1.0);
        }
    }

    /**
     * END_TRANSACTION never written (the application stopped between its local commit and the end): the broker's
     * check-back reaches the checker chosen by the message's property, ahead of its topic's checker, and its answer
     * settles the message. The checker sees when the half message was born.
     */
    @Test
    void aLostEndIsSettledByTheCheckerChosenByAProperty() throws Exception {
        String topic = "it_tx_by_property_" + System.nanoTime();
        java.util.Map<String, TransactionChecker.CheckedMessage> checked = new java.util.concurrent.ConcurrentHashMap<>();
        java.time.Instant before = java.time.Instant.now().minusSeconds(5);
        try (MQTemplate checking = MQTemplate.builder(MQClientConfig.builder()
                .nameServer(rocketMQ.nameServerAddress()).producerGroup("it_tx_property_group")
                .heartbeatInterval(Duration.ofSeconds(1)).build())
                .transactionChecker(topic, message -> TransactionDecision.ROLLBACK)
                .transactionCheckerForProperty("kind", "payment", message -> {
                    checked.put(message.msgId(), message);
                    return TransactionDecision.COMMIT;
                }).build()) {

            HalfMessage payment = checking.sendHalfMessage(MQMessage.builder(topic).property("kind", "payment")
                    .body("settled by the check").build());
            HalfMessage other = checking.sendHalfMessage(MQMessage.builder(topic).property("kind", "refund")
                    .body("rolled back by the topic's checker").build());

            List<StoredMessage> stored = rocketMQ.readMessages(topic, 1, Duration.ofSeconds(60));
            assertThat(stored).extracting(StoredMessage::uniqKey).containsExactly(payment.sendResult().msgId());
            TransactionChecker.CheckedMessage seen = checked.get(payment.sendResult().msgId());
            assertThat(seen.properties()).containsEntry("kind", "payment");
            assertThat(seen.bornAt()).isAfter(before).isBefore(java.time.Instant.now());
            assertThat(checked).doesNotContainKey(other.sendResult().msgId());
            assertThat(payment.isEnded()).isFalse();
        }
    }

    @Test
    void aTransactionalMessageCannotBeDelayedOrOrdered() {
        assertThat(catchThrowable(() -> template.sendInTransaction(MQMessage.builder("it_tx_invalid").body("x")
                .delayLevel(2).build(), half -> TransactionDecision.COMMIT))).isInstanceOf(MQValidationException.class)
                .hasMessageContaining("must be 0 for a transactional message");
        assertThat(catchThrowable(() -> template.sendInTransaction(MQMessage.builder("it_tx_invalid").body("x")
                .shardingKey("k").build(), half -> TransactionDecision.COMMIT)))
                .isInstanceOf(MQValidationException.class).hasMessageContaining("must not be set on a transactional");
    }
}
