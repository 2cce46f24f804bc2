package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.metrics.SendMode;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The {@link SendObserver} hook: its properties go out on the wire, the caller's message stays as it was, and it is
 * told each send's outcome once, one-way and refused sends included.
 */
class SendObserverTests {

    private record Ended(SendMode mode, SendResult result, Throwable error) {
    }

    @Test
    void theObserverAddsPropertiesToWhatIsSentAndIsToldEachOutcome() {
        List<Ended> ended = new CopyOnWriteArrayList<>();
        SendObserver observer = (message, mode, kind) -> new SendObserver.ObservedSend() {

            @Override
            public MQMessage message(MQMessage original) {
                return original.withProperties(Map.of("traceparent", "00-" + "a".repeat(32) + "-" + "b".repeat(16)
                        + "-01"));
            }

            @Override
            public void stop(SendResult result, Throwable error) {
                ended.add(new Ended(mode, result, error));
            }
        };
        try (FakeRemotingServer broker = FakeRemotingServer.start(FakeRoles.broker());
                FakeRemotingServer nameServer = FakeRemotingServer.start(FakeRoles.nameServer(broker.address()));
                MQTemplate template = MQTemplate.builder(MQClientConfig.builder().nameServer(nameServer.address())
                        .build()).observer(observer).build()) {
            MQMessage message = MQMessage.builder("orders").tags("a").keys("k1").body("x").property("own", "1").build();
            SendResult result = template.sendAsync(message).join();
            template.sendOneway(message);
            assertThatThrownBy(() -> template.send(MQMessage.builder("bad topic!").body("x").build()))
                    .isInstanceOf(MQValidationException.class);

            assertThat(message.properties()).containsOnlyKeys("own");
            List<RemotingCommand> sent = broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 2, Duration.ofSeconds(5));
            assertThat(sent).hasSize(2).allSatisfy(request -> assertThat(request.extFields().get("i"))
                    .contains("traceparent\u000100-" + "a".repeat(32)).contains("own\u00011").contains("KEYS\u0001k1"));

            assertThat(ended).hasSize(3);
            assertThat(ended.get(0)).isEqualTo(new Ended(SendMode.ASYNC, result, null));
            assertThat(ended.get(1)).isEqualTo(new Ended(SendMode.ONEWAY, null, null));
            assertThat(ended.get(2).mode()).isEqualTo(SendMode.SYNC);
            assertThat(ended.get(2).error()).isInstanceOf(MQValidationException.class);
        }
    }

    @Test
    void batchesHalfMessagesAndRequestsAreObservedAsTheirKindAndARefusedOneStopsWithTheError() {
        List<String> ended = new CopyOnWriteArrayList<>();
        SendObserver observer = (message, mode, kind) -> new SendObserver.ObservedSend() {

            @Override
            public void stop(SendResult result, Throwable error) {
                ended.add(kind + " " + mode + " " + error.getClass().getSimpleName());
            }
        };
        MQMessage bad = MQMessage.builder("bad topic!").body("x").build();
        try (MQTemplate template = MQTemplate.builder(MQClientConfig.builder().nameServer("127.0.0.1:1").build())
                .observer(observer).build()) {
            assertThatThrownBy(() -> template.sendBatch(List.of(bad))).isInstanceOf(MQValidationException.class);
            assertThatThrownBy(() -> template.sendHalfMessage(bad)).isInstanceOf(MQValidationException.class);
            assertThatThrownBy(() -> template.sendAndReceive(bad, Duration.ofSeconds(1)))
                    .isInstanceOf(MQValidationException.class);
        }
        assertThat(ended).containsExactly("BATCH SYNC MQValidationException",
                "TRANSACTIONAL SYNC MQValidationException", "REQUEST SYNC MQValidationException");
    }
}
