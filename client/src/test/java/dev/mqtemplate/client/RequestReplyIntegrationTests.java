package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.testsupport.BrokerTopics;
import dev.mqtemplate.client.testsupport.FaultBench;
import dev.mqtemplate.localbroker.LocalResponder;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Request-reply against a real RocketMQ 5.3.3 broker, answered by a responder built on the official client
 * ({@code MessageUtil.createReplyMessage}, in a child JVM): replies come back to the caller they belong to, sync and
 * async; no responder is an unknown outcome with the request stored; a reply after its timeout is dropped and counted.
 */
@ExtendWith(LocalRocketMQExtension.class)
class RequestReplyIntegrationTests {

    private static LocalRocketMQ rocketMQ;

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private MQTemplate template;

    @BeforeAll
    static void cluster(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
    }

    @AfterEach
    void close() {
        if (template != null) {
            template.close();
        }
    }

    private MQTemplate template() {
        template = MQTemplate.builder(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .producerGroup("it_request_group").build()).metrics(new MicrometerSendMetrics(registry)).build();
        return template;
    }

    @Test
    void aResponderOnTheOfficialClientAnswersEachRequestSyncAndAsyncWithItsOwnReply() throws Exception {
        String topic = "it_request_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, topic, 4);
        MQTemplate template = template();
        try (LocalResponder responder = rocketMQ.startResponder(topic, Duration.ZERO)) {
            ReplyMessage sync = template.sendAndReceive(MQMessage.builder(topic).body("ping").build(),
                    Duration.ofSeconds(30));
            List<CompletableFuture<ReplyMessage>> async = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                async.add(template.sendAndReceiveAsync(MQMessage.builder(topic).body("async-" + i).build(),
                        Duration.ofSeconds(30)));
            }
            // above 4 KiB the responder's client compresses the reply; the broker pushes it as it came
            String large = "x".repeat(10_000);
            ReplyMessage compressed = template.sendAndReceive(MQMessage.builder(topic).body(large).build(),
                    Duration.ofSeconds(30));

            assertThat(text(sync)).isEqualTo("reply:ping");
            for (int i = 0; i < 5; i++) {
                assertThat(text(async.get(i).get(30, TimeUnit.SECONDS))).isEqualTo("reply:async-" + i);
            }
            assertThat(text(compressed)).isEqualTo("reply:" + large);
            List<StoredMessage> requests = rocketMQ.readMessages(topic, 7, Duration.ofSeconds(30));
            StoredMessage ping = requests.stream().filter(m -> text(m.body()).equals("ping")).findFirst().get();
            // what the responder saw: the properties the official client's request carries
            assertThat(ping.properties().get("CORRELATION_ID")).isEqualTo(sync.correlationId());
            assertThat(ping.properties().get("TTL")).isEqualTo("30000");
            assertThat(ping.properties().get("REPLY_TO_CLIENT")).isEqualTo(sync.property("REPLY_TO_CLIENT"));
            assertThat(ping.properties().get("CLUSTER")).isEqualTo(LocalRocketMQ.CLUSTER_NAME);
            assertThat(sync.property("requestUniqKey")).isEqualTo(ping.uniqKey());
            assertThat(sync.topic()).isEqualTo(LocalRocketMQ.CLUSTER_NAME + "_REPLY_TOPIC");
            assertThat(sync.property("MSG_TYPE")).isEqualTo("reply");
            assertThat(sync.messageId()).isNotBlank().isNotEqualTo(ping.uniqKey());
            // the broker also stores replies (storeReplyMessageEnable, on by default), but without their sysFlag:
            // the large one's body is stored deflated and flagged plain, so the push (which carries the responder's
            // sysFlag) is the only readable copy, and the body pushed to us was compressed
            StoredMessage storedLarge = rocketMQ.readMessages(sync.topic(), 7, Duration.ofSeconds(30)).stream()
                    .filter(m -> compressed.correlationId().equals(m.properties().get("CORRELATION_ID")))
                    .findFirst().get();
            assertThat(storedLarge.compressed()).isFalse();
            assertThat(text(storedLarge.body())).isNotEqualTo("reply:" + large);
            assertThat(text(BodyCompressor.inflate(storedLarge.body()))).isEqualTo("reply:" + large);
            assertThat(registry.get("mq.reply").tags("topic", topic, "outcome", "received").timer().count())
                    .isEqualTo(7);
            assertThat(responder.lines()).filteredOn(line -> line.startsWith("REPLIED")).hasSize(7)
                    .allMatch(line -> line.endsWith("SEND_OK"));
        }
    }

    @Test
    void withoutAResponderTheCallEndsAsOutcomeUnknownAndTheRequestIsStored() {
        String topic = "it_request_unanswered_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, topic, 4);
        MQTemplate template = template();

        MQOutcomeUnknownException failure = catchThrowableOfType(MQOutcomeUnknownException.class,
                () -> template.sendAndReceive(MQMessage.builder(topic).body("anyone?").build(),
                        Duration.ofSeconds(3)));

        assertThat(failure).hasMessageContaining("no reply within 3000 ms").hasMessageContaining("was stored by");
        List<StoredMessage> stored = rocketMQ.readMessages(topic, 1, Duration.ofSeconds(30));
        assertThat(stored).extracting(StoredMessage::uniqKey).containsExactly(failure.messageId());
        assertThat(registry.get("mq.reply").tags("topic", topic, "outcome", "timeout").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aReplyThatComesAfterItsTimeoutIsDroppedAndCountedLate() throws Exception {
        String topic = "it_request_late_" + System.nanoTime();
        BrokerTopics.create(rocketMQ, topic, 4);
        MQTemplate template = template();
        try (LocalResponder responder = rocketMQ.startResponder(topic, Duration.ofSeconds(4))) {
            CompletableFuture<ReplyMessage> call = template.sendAndReceiveAsync(
                    MQMessage.builder(topic).body("slow").build(), Duration.ofSeconds(2));

            ExecutionException failure = catchThrowableOfType(ExecutionException.class,
                    () -> call.get(30, TimeUnit.SECONDS));
            assertThat(failure).hasCauseInstanceOf(MQOutcomeUnknownException.class);
            FaultBench.awaitTrue(() -> registry.find("mq.reply.dropped").tags("reason", "late").counter() != null
                    && registry.get("mq.reply.dropped").tags("reason", "late").counter().count() == 1,
                    Duration.ofSeconds(30), "the late reply counted");
            // the broker delivered it: this client answered the push SUCCESS, as the official client does
            FaultBench.awaitTrue(() -> responder.lines().stream().anyMatch(line -> line.startsWith("REPLIED")),
                    Duration.ofSeconds(30), "the responder told of its reply");
            assertThat(responder.lines()).filteredOn(line -> line.startsWith("REPLIED")).singleElement()
                    .asString().endsWith("SEND_OK");
            assertThat(registry.get("mq.reply").tags("topic", topic, "outcome", "timeout").timer().count())
                    .isEqualTo(1);
        }
    }

    private static String text(ReplyMessage reply) {
        return text(reply.body());
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
