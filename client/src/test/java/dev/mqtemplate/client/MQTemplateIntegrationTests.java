package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.message.MessageSysFlag;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sends through MQTemplate to a real RocketMQ 5.3.3 broker and reads back with the official consumer.
 */
@ExtendWith(LocalRocketMQExtension.class)
class MQTemplateIntegrationTests {

    private static LocalRocketMQ rocketMQ;

    private static MQTemplate template;

    @BeforeAll
    static void open(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
        template = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress()).build());
    }

    @AfterAll
    static void close() {
        template.close();
    }

    @Test
    void everyModeAndBodySizeIsReadBackEqualInEveryField() {
        String topic = "it_fields_" + System.nanoTime();
        Map<String, byte[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("1B", new byte[] {42});
        bodies.put("1KiB", text(1024));
        bodies.put("4095B", text(4095));
        bodies.put("4096B", text(4096));
        bodies.put("64KiB-text", text(64 * 1024));
        bodies.put("64KiB-random", random(64 * 1024));

        long before = System.currentTimeMillis();
        Map<String, SendResult> results = new HashMap<>();
        List<CompletableFuture<SendResult>> asyncs = new ArrayList<>();
        List<String> asyncCases = new ArrayList<>();
        for (String mode : List.of("sync", "async", "oneway")) {
            for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                String caseName = mode + "-" + body.getKey();
                MQMessage message = MQMessage.builder(topic).tags("tag-" + mode).keys("key-" + caseName, "order-42")
                        .body(body.getValue()).property("case", caseName).property("greeting", "grüß dich, 世界")
                        .build();
                switch (mode) {
                    case "sync" -> results.put(caseName, template.send(message));
                    case "async" -> {
                        asyncs.add(template.sendAsync(message));
                        asyncCases.add(caseName);
                    }
                    default -> template.sendOneway(message);
                }
            }
        }
        for (int i = 0; i < asyncs.size(); i++) {
            results.put(asyncCases.get(i), asyncs.get(i).join());
        }
        long after = System.currentTimeMillis();

        List<StoredMessage> stored = rocketMQ.readMessages(topic, 18, Duration.ofSeconds(30));
        Map<String, StoredMessage> byCase = stored.stream()
                .collect(Collectors.toMap(m -> m.properties().get("case"), Function.identity()));
        assertThat(byCase).hasSize(18);

        for (String mode : List.of("sync", "async", "oneway")) {
            for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                String caseName = mode + "-" + body.getKey();
                StoredMessage message = byCase.get(caseName);
                assertThat(message.body()).as(caseName).isEqualTo(body.getValue());
                assertThat(message.tags()).isEqualTo("tag-" + mode);
                assertThat(message.keys()).isEqualTo("key-" + caseName + " order-42");
                assertThat(message.properties()).containsEntry("greeting", "grüß dich, 世界");
                assertThat(message.bornTimestamp()).isBetween(before, after);
                assertThat(message.flag()).isZero();
                boolean shouldCompress = body.getValue().length >= 4096 && !body.getKey().contains("random");
                assertThat(message.compressed()).as("compressed flag of " + caseName).isEqualTo(shouldCompress);
                // the official consumer inflated the body and cleared bit 0: the zlib type bits remain
                assertThat(message.sysFlag()).isEqualTo(shouldCompress ? MessageSysFlag.COMPRESSION_ZLIB : 0);
                SendResult result = results.get(caseName);
                if (result != null) {
                    assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
                    assertThat(result.msgId()).isEqualTo(message.uniqKey());
                    assertThat(result.offsetMsgId()).isEqualTo(message.offsetMsgId());
                    assertThat(result.queue().queueId()).isEqualTo(message.queueId());
                    assertThat(result.queue().brokerName()).isEqualTo(message.brokerName());
                    assertThat(result.queueOffset()).isEqualTo(message.queueOffset());
                    assertThat(result.attempts()).isEqualTo(1);
                }
            }
        }
    }

    private static byte[] text(int size) {
        StringBuilder text = new StringBuilder(size);
        Random random = new Random(size);
        String[] words = {"rocket", "queue", "broker", "message", "topic", "spring", "netty", "zlib"};
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
