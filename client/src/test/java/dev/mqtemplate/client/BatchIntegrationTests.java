package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.RocketMQVersion;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batches sent to a real RocketMQ 5.3.3 broker and read back with the official consumer: every message stored once,
 * in order, in one queue, each with its own id, tags, keys and properties.
 */
@ExtendWith(LocalRocketMQExtension.class)
class BatchIntegrationTests {

    /** The broker's default maxMessageSize, which the template's default matches. */
    private static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

    /** Encoded bytes of a batch record besides the body: 22 fixed, plus WAIT and UNIQ_KEY properties (52). */
    private static final int RECORD_BYTES_WITHOUT_BODY = 22 + 52;

    private static LocalRocketMQ rocketMQ;

    private static MQTemplate template;

    private static MQTemplate unchecked;

    @BeforeAll
    static void open(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
        template = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress()).build());
        // a client that lets any size through, to show the broker draws the same line
        unchecked = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .maxMessageSize(Integer.MAX_VALUE).build());
    }

    @AfterAll
    static void close() {
        template.close();
        unchecked.close();
    }

    @Test
    void batchIsStoredInOrderInOneQueueWithEachMessageItsOwnIdAndProperties() {
        String topic = "it_batch_" + System.nanoTime();
        List<MQMessage> messages = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            messages.add(MQMessage.builder(topic).tags(i % 2 == 0 ? "even" : "odd").keys("key-" + i)
                    .property("index", Integer.toString(i)).property("greeting", "grüß dich, 世界")
                    .body(("message " + i + " ").repeat(60)).build());
        }

        BatchSendResult result = template.sendBatch(messages);

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.msgIds()).hasSize(32).doesNotHaveDuplicates();
        assertThat(result.offsetMsgIds()).hasSize(32).doesNotHaveDuplicates();
        assertThat(result.attempts()).isEqualTo(1);
        List<StoredMessage> stored = new ArrayList<>(rocketMQ.readMessages(topic, 32, Duration.ofSeconds(30)));
        stored.sort(Comparator.comparingLong(StoredMessage::queueOffset));
        assertThat(stored).hasSize(32);
        for (int i = 0; i < 32; i++) {
            StoredMessage message = stored.get(i);
            assertThat(message.properties()).containsEntry("index", Integer.toString(i))
                    .containsEntry("greeting", "grüß dich, 世界");
            assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo(("message " + i + " ").repeat(60));
            assertThat(message.tags()).isEqualTo(i % 2 == 0 ? "even" : "odd");
            assertThat(message.keys()).isEqualTo("key-" + i);
            assertThat(message.uniqKey()).isEqualTo(result.msgIds().get(i));
            assertThat(message.offsetMsgId()).isEqualTo(result.offsetMsgIds().get(i));
            assertThat(message.brokerName()).isEqualTo(result.queue().brokerName());
            assertThat(message.queueId()).isEqualTo(result.queue().queueId());
            assertThat(message.queueOffset()).isEqualTo(result.firstQueueOffset() + i);
            // 32 bodies of about 600 bytes reach the 4 KiB threshold together: the batch went out compressed, and
            // the official consumer inflated every body
            assertThat(message.compressed()).isTrue();
        }
    }

    @Test
    void asyncBatchCompletesWithTheIdsOfWhatWasStored() {
        String topic = "it_batch_async_" + System.nanoTime();
        List<MQMessage> messages = List.of(MQMessage.builder(topic).body("first").build(),
                MQMessage.builder(topic).body("second").build());

        BatchSendResult result = template.sendBatchAsync(messages).join();

        List<StoredMessage> stored = rocketMQ.readMessages(topic, 2, Duration.ofSeconds(30));
        assertThat(stored).extracting(StoredMessage::uniqKey).containsExactlyInAnyOrderElementsOf(result.msgIds());
    }

    /**
     * The broker's line for a batch is the encoded batch's size, as the template draws it: a batch that encodes to
     * exactly maxMessageSize is one request; one byte more is refused by the broker as one request, so the template
     * sends it as two, stored in order in one queue.
     */
    @Test
    void batchOfExactlyTheBrokersMaximumIsOneRequestAndOneByteMoreIsSplitInTwo() {
        String topic = "it_batch_limit_" + System.nanoTime();
        int bodyBytes = MAX_MESSAGE_SIZE - 4 * RECORD_BYTES_WITHOUT_BODY;
        List<MQMessage> atLimit = batchOfFour(topic, bodyBytes);
        List<MQMessage> overLimit = batchOfFour(topic, bodyBytes + 1);

        Throwable refusedByBroker = catchThrowable(() -> unchecked.sendBatch(overLimit, Duration.ofSeconds(20)));
        BatchSendResult whole = template.sendBatch(atLimit, Duration.ofSeconds(20));
        BatchSendResult split = template.sendBatch(overLimit, Duration.ofSeconds(20));

        // 5.x answers SYSTEM_ERROR, not MESSAGE_ILLEGAL, for an oversized batch; 4.9 (version matrix) answers
        // MESSAGE_ILLEGAL with its own remark
        boolean v4 = RocketMQVersion.ofServers().major() < 5;
        assertThat(refusedByBroker).isInstanceOf(MQBrokerRejectedException.class)
                .hasMessageContaining(v4 ? "msg body length limit" : "message body size exceeded")
                .satisfies(e -> assertThat(((MQBrokerRejectedException) e).responseCode()).isEqualTo(v4 ? 13 : 1));
        assertThat(whole.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(whole.attempts()).as("one request").isEqualTo(1);
        assertThat(split.attempts()).as("two requests").isEqualTo(2);
        assertThat(split.results()).hasSize(4).extracting(SendResult::queue).containsOnly(split.queue());
        assertThat(split.results()).extracting(SendResult::queueOffset).isSorted();
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 8, Duration.ofSeconds(30));
        assertThat(stored).extracting(StoredMessage::uniqKey).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(whole.msgIds().stream(), split.msgIds().stream()).toList());
        List<String> splitInStoredOrder = stored.stream().filter(m -> split.msgIds().contains(m.uniqKey()))
                .sorted(Comparator.comparingLong(StoredMessage::queueOffset)).map(StoredMessage::uniqKey).toList();
        assertThat(splitInStoredOrder).as("stored in the order given").containsExactlyElementsOf(split.msgIds());
        assertThat(stored).filteredOn(m -> split.msgIds().contains(m.uniqKey())).extracting(StoredMessage::queueId)
                .containsOnly(split.queue().queueId());
    }

    @Test
    void aLargeBatchWithAShardingKeyIsSplitIntoTheKeysQueue() {
        String topic = "it_batch_ordered_" + System.nanoTime();
        List<MQMessage> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] body = new byte[MAX_MESSAGE_SIZE / 3];
            new java.util.Random(i).nextBytes(body); // incompressible: the batch must be split
            messages.add(MQMessage.builder(topic).shardingKey("order-7").body(body).build());
        }

        BatchSendResult result = template.sendBatch(messages, Duration.ofSeconds(30));

        assertThat(result.attempts()).isGreaterThan(1);
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 6, Duration.ofSeconds(30));
        assertThat(stored).extracting(StoredMessage::queueId).containsOnly(result.queue().queueId());
        assertThat(stored.stream().sorted(Comparator.comparingLong(StoredMessage::queueOffset))
                .map(StoredMessage::uniqKey)).containsExactlyElementsOf(result.msgIds());
    }

    @Test
    void aBatchOfCompressibleBodiesIsSentCompressedAndReadBackAsSent() {
        String topic = "it_batch_compressed_" + System.nanoTime();
        List<MQMessage> messages = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = ("message " + i + " of a compressible batch; ").repeat(200);
            texts.add(text);
            messages.add(MQMessage.builder(topic).body(text).build());
        }

        BatchSendResult result = template.sendBatch(messages);

        assertThat(result.results()).hasSize(8);
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 8, Duration.ofSeconds(30));
        assertThat(stored.stream().sorted(Comparator.comparingLong(StoredMessage::queueOffset))
                .map(message -> new String(message.body(), StandardCharsets.UTF_8))).containsExactlyElementsOf(texts);
    }

    private static List<MQMessage> batchOfFour(String topic, int totalBodyBytes) {
        List<MQMessage> messages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // random bytes: deflate cannot shrink them, so the batch goes out as encoded here, uncompressed
            byte[] body = new byte[totalBodyBytes / 4 + (i < totalBodyBytes % 4 ? 1 : 0)];
            new java.util.Random(i).nextBytes(body);
            messages.add(MQMessage.builder(topic).body(body).build());
        }
        return messages;
    }
}
