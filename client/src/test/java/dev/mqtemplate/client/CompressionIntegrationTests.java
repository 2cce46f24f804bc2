package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.message.CompressionType;
import dev.mqtemplate.client.message.MessageSysFlag;
import dev.mqtemplate.client.testsupport.FaultBench;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every compression type sent to a real RocketMQ 5.3.3 broker and read back with the official 5.3.3 consumer, which
 * picks its decompressor from the stored sysFlag: single messages (sync, async, one-way; one body of several LZ4
 * blocks) and a batch, each body equal to what was sent, each sysFlag naming the codec.
 */
@ExtendWith(LocalRocketMQExtension.class)
class CompressionIntegrationTests {

    private static LocalRocketMQ rocketMQ;

    @BeforeAll
    static void open(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
    }

    @Test
    void everyCodecIsReadBackByTheOfficialConsumer() throws Exception {
        String topic = "it_codecs_" + System.nanoTime();
        Map<String, byte[]> sent = new HashMap<>();
        Map<String, CompressionType> codecOf = new HashMap<>();
        for (CompressionType type : CompressionType.values()) {
            try (MQTemplate template = MQTemplate.create(MQClientConfig.builder()
                    .nameServer(rocketMQ.nameServerAddress()).compressionType(type).build())) {
                Map<String, byte[]> bodies = new HashMap<>();
                bodies.put(type + "-sync-16KiB", text(16 * 1024));
                bodies.put(type + "-async-200KB", text(200_000)); // four LZ4 blocks
                bodies.put(type + "-oneway-8KiB", text(8 * 1024));
                bodies.put(type + "-sync-1KiB", text(1024)); // below the threshold: not compressed
                List<CompletableFuture<SendResult>> asyncs = new ArrayList<>();
                for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                    MQMessage message = MQMessage.builder(topic).body(body.getValue())
                            .property("case", body.getKey()).build();
                    if (body.getKey().contains("-async-")) {
                        asyncs.add(template.sendAsync(message));
                    } else if (body.getKey().contains("-oneway-")) {
                        template.sendOneway(message);
                    } else {
                        assertThat(template.send(message).status()).isEqualTo(SendStatus.SEND_OK);
                    }
                }
                for (CompletableFuture<SendResult> async : asyncs) {
                    assertThat(async.get().status()).isEqualTo(SendStatus.SEND_OK);
                }
                // a batch that reaches the threshold only together: every record compressed with the codec
                List<MQMessage> batch = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String name = type + "-batch-" + i;
                    byte[] body = text(2000 + i);
                    bodies.put(name, body);
                    batch.add(MQMessage.builder(topic).body(body).property("case", name).build());
                }
                assertThat(template.sendBatch(batch).status()).isEqualTo(SendStatus.SEND_OK);
                sent.putAll(bodies);
                bodies.keySet().forEach(name -> codecOf.put(name, type));
            }
        }

        List<StoredMessage> stored = rocketMQ.readMessages(topic, sent.size(), Duration.ofSeconds(60));

        assertThat(stored).hasSize(sent.size());
        for (StoredMessage message : stored) {
            String name = message.properties().get("case");
            assertThat(message.body()).as("body of %s", name).isEqualTo(sent.get(name));
            boolean compressed = !name.endsWith("-1KiB");
            // the consumer decompressed the body and cleared bit 0; the type bits the producer set remain
            assertThat(message.sysFlag() & MessageSysFlag.COMPRESSION_TYPE_MASK).as("type bits of %s", name)
                    .isEqualTo(compressed ? codecOf.get(name).sysFlagBits() : 0);
            assertThat(message.sysFlag() & MessageSysFlag.COMPRESSED).isZero();
        }
    }

    /**
     * The broker hands a check-back the half message as stored, body compressed: the checker gets it decompressed
     * by the codec its sysFlag names, and the committed message reads back whole with the official consumer.
     */
    @Test
    void checkBackOfACompressedHalfMessageGetsTheOriginalBody() throws Exception {
        for (CompressionType type : List.of(CompressionType.LZ4, CompressionType.ZSTD)) {
            String topic = "it_codec_tx_" + type + "_" + System.nanoTime();
            byte[] body = text(16 * 1024 + type.ordinal());
            Map<String, byte[]> checked = new java.util.concurrent.ConcurrentHashMap<>();
            try (MQTemplate checking = MQTemplate.builder(MQClientConfig.builder()
                    .nameServer(rocketMQ.nameServerAddress()).producerGroup("it_codec_tx_" + type)
                    .compressionType(type).heartbeatInterval(Duration.ofSeconds(1)).build())
                    .transactionChecker(topic, message -> {
                        checked.put(message.msgId(), message.body());
                        return TransactionDecision.COMMIT;
                    }).build()) {

                TransactionResult result = checking.sendInTransaction(MQMessage.builder(topic).body(body).build(),
                        half -> TransactionDecision.UNKNOWN);

                String id = result.halfMessage().msgId();
                FaultBench.awaitTrue(() -> checked.containsKey(id), Duration.ofSeconds(60), "the checker was asked");
                assertThat(checked.get(id)).as("body the %s checker got", type).isEqualTo(body);
                // a check-back is at least once: a broker that checks again before it saw the first COMMIT stores
                // the message again, with the same id
                List<StoredMessage> committed = rocketMQ.readMessages(topic, 1, Duration.ofSeconds(60));
                assertThat(committed).isNotEmpty().allSatisfy(message -> {
                    assertThat(message.uniqKey()).isEqualTo(id);
                    assertThat(message.body()).isEqualTo(body);
                    assertThat(message.sysFlag() & MessageSysFlag.COMPRESSION_TYPE_MASK).isEqualTo(type.sysFlagBits());
                });
            }
        }
    }

    private static byte[] text(int size) {
        StringBuilder text = new StringBuilder(size);
        Random random = new Random(size);
        String[] words = {"rocket", "queue", "broker", "message", "topic", "spring", "netty", "lz4", "zstd", "zlib"};
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
