package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delay-level messages (the broker's fixed levels, 4.x and 5.x alike) against a real broker, read back with the
 * official consumer: each mode's message reaches its topic whole, and only after its level's delay (level 1 = 1 s
 * with the broker's default levels), measured by the broker's own store time against the send time.
 */
@ExtendWith(LocalRocketMQExtension.class)
class DelayLevelIntegrationTests {

    /** Level 1 of the broker's default messageDelayLevel ("1s 5s 10s ..."). */
    private static final int LEVEL = 1;

    private static final long LEVEL_MILLIS = 1000;

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
    void delayLevelMessagesOfEveryModeAreStoredWholeOnTheirTopicAfterTheirDelay() {
        String topic = "it_delay_level_" + System.nanoTime();
        // the topic exists before the delayed sends, as it would in production
        template.send(MQMessage.builder(topic).body("marker").property("mode", "marker").build());

        long before = System.currentTimeMillis();
        SendResult sync = template.send(delayed(topic, "sync"));
        CompletableFuture<SendResult> async = template.sendAsync(delayed(topic, "async"));
        template.sendOneway(delayed(topic, "oneway"));
        assertThat(sync.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(async.join().status()).isEqualTo(SendStatus.SEND_OK);

        List<StoredMessage> stored = rocketMQ.readMessages(topic, 4, Duration.ofSeconds(60));
        Map<String, StoredMessage> byMode = stored.stream()
                .collect(Collectors.toMap(m -> m.properties().get("mode"), Function.identity()));
        assertThat(byMode).containsOnlyKeys("marker", "sync", "async", "oneway");
        for (String mode : List.of("sync", "async", "oneway")) {
            StoredMessage message = byMode.get(mode);
            assertThat(message.topic()).isEqualTo(topic);
            assertThat(message.body()).as(mode).isEqualTo(("delayed " + mode).getBytes(StandardCharsets.UTF_8));
            assertThat(message.tags()).isEqualTo("tag-" + mode);
            assertThat(message.keys()).isEqualTo("key-" + mode);
            assertThat(message.properties()).containsEntry("greeting", "grüß dich, 世界")
                    .containsEntry("DELAY", Integer.toString(LEVEL));
            // the broker stores it on the topic once the level's delay has passed since it first stored it
            assertThat(message.storeTimestamp()).as(mode).isGreaterThanOrEqualTo(before + LEVEL_MILLIS);
        }
        assertThat(byMode.get("sync").uniqKey()).isEqualTo(sync.msgId());
        assertThat(byMode.get("async").uniqKey()).isEqualTo(async.join().msgId());
    }

    private static MQMessage delayed(String topic, String mode) {
        return MQMessage.builder(topic).tags("tag-" + mode).keys("key-" + mode).delayLevel(LEVEL)
                .property("mode", mode).property("greeting", "grüß dich, 世界")
                .body(("delayed " + mode).getBytes(StandardCharsets.UTF_8)).build();
    }
}
