package dev.mqtemplate.benchmark.stub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.SendStatus;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StubBrokerTests {

    @Test
    void mqtemplateGetsSendOkFromTheStubAsNameServerAndBroker() {
        try (StubBroker stub = StubBroker.start();
                MQTemplate template = MQTemplate.create(MQClientConfig.builder().nameServer(stub.address()).build())) {
            SendResult first = template.send(MQMessage.builder("stub_topic").tags("t").body("hello").build());
            SendResult second = template.send(MQMessage.builder("stub_topic").body("again").build());

            assertThat(first.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(first.queue().brokerName()).isEqualTo(StubBroker.BROKER_NAME);
            assertThat(first.queue().queueId()).isBetween(0, StubBroker.QUEUES - 1);
            assertThat(first.offsetMsgId()).hasSize(32).startsWith("7F000001");
            assertThat(second.queueOffset()).isGreaterThan(first.queueOffset());
            assertThat(stub.sendsAnswered()).isEqualTo(2);
            assertThat(stub.unknownCodes()).isEmpty();
        }
    }

    @Test
    void answersAsyncSendsAndCompressedBodiesWithBinaryRequestHeaders() {
        try (StubBroker stub = StubBroker.start();
                MQTemplate template = MQTemplate.create(MQClientConfig.builder().nameServer(stub.address())
                        .headerSerialization(HeaderSerialization.BINARY).build())) {
            CompletableFuture<?>[] sends = new CompletableFuture<?>[50];
            for (int i = 0; i < sends.length; i++) {
                sends[i] = template.sendAsync(MQMessage.builder("stub_topic").body(new byte[8192]).build());
            }
            CompletableFuture.allOf(sends).join();

            assertThat(sends).allSatisfy(send -> assertThat(((SendResult) send.join()).status())
                    .isEqualTo(SendStatus.SEND_OK));
            assertThat(stub.sendsAnswered()).isEqualTo(50);
        }
    }

    @Test
    void aBatchIsAnsweredWithAnOffsetAndAnOffsetIdPerMessageAsABrokerAnswersIt() {
        try (StubBroker stub = StubBroker.start();
                MQTemplate template = MQTemplate.create(MQClientConfig.builder().nameServer(stub.address()).build())) {
            BatchSendResult batch = template.sendBatch(java.util.List.of(
                    MQMessage.builder("stub_topic").body("a").build(), MQMessage.builder("stub_topic").body("b").build(),
                    MQMessage.builder("stub_topic").body("c").build()));

            assertThat(batch.results()).hasSize(3).extracting(SendResult::offsetMsgId).doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).hasSize(32).startsWith("7F000001"));
            long first = batch.results().get(0).queueOffset();
            assertThat(batch.results()).extracting(SendResult::queueOffset).containsExactly(first, first + 1, first + 2);
            assertThat(stub.sendsAnswered()).isEqualTo(1);
        }
    }
}
