package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.route.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.rocketmq.client.producer.selector.SelectMessageQueueByHash;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;

/** Queue pins: the sharding key picks the queue the official client's hash selector picks, over the same route. */
class QueuePinTests {

    @Test
    void aShardingKeyPicksTheQueueTheOfficialHashSelectorPicks() {
        SelectMessageQueueByHash official = new SelectMessageQueueByHash();
        Random random = new Random(42);
        for (int queueCount : new int[] {1, 2, 3, 4, 7, 8, 16, 24}) {
            List<MessageQueue> ours = queues(queueCount);
            List<org.apache.rocketmq.common.message.MessageQueue> theirs = ours.stream().map(queue ->
                    new org.apache.rocketmq.common.message.MessageQueue(queue.topic(), queue.brokerName(),
                            queue.queueId())).toList();
            List<String> keys = new ArrayList<>(List.of("", "order-1", "Aa", "BB", "polygenelubricants"));
            for (int i = 0; i < 2000; i++) {
                keys.add(Long.toString(random.nextLong(), 36) + "-" + i);
            }
            for (String key : keys) {
                org.apache.rocketmq.common.message.MessageQueue expected = official.select(theirs,
                        new Message("orders", new byte[1]), key);
                MessageQueue picked = QueuePin.byShardingKey(key).pick(ours);
                assertThat(picked.brokerName() + "#" + picked.queueId()).as("key '%s' over %d queues", key, queueCount)
                        .isEqualTo(expected.getBrokerName() + "#" + expected.getQueueId());
            }
        }
    }

    @Test
    void aKeyWithANegativeHashStillPicksAQueue() {
        // "polygenelubricants".hashCode() is Integer.MIN_VALUE
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(QueuePin.byShardingKey("polygenelubricants").pick(queues(3))).isNotNull();
    }

    @Test
    void aFixedQueueMustBeInTheRoute() {
        MessageQueue elsewhere = new MessageQueue("orders", "broker-z", 0);

        assertThatThrownBy(() -> QueuePin.fixed(elsewhere).pick(queues(4))).isInstanceOf(MQValidationException.class)
                .hasMessageContaining("orders@broker-z#0").hasMessageContaining("is not a writable queue");
    }

    @Test
    void aSelectorMustReturnOneOfItsQueues() {
        assertThatThrownBy(() -> QueuePin.chosenBy(queues -> null).pick(queues(4)))
                .isInstanceOf(MQValidationException.class).hasMessageContaining("must return one of the queues");
        assertThatThrownBy(() -> QueuePin.chosenBy(queues -> {
            throw new IllegalStateException("boom");
        }).pick(queues(4))).isInstanceOf(MQValidationException.class).hasMessageContaining("must not throw");
    }

    /** Queues of two brokers in route order: broker-a's, then broker-b's. */
    private static List<MessageQueue> queues(int count) {
        List<MessageQueue> queues = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            queues.add(new MessageQueue("orders", i < (count + 1) / 2 ? "broker-a" : "broker-b",
                    i < (count + 1) / 2 ? i : i - (count + 1) / 2));
        }
        return queues;
    }
}
