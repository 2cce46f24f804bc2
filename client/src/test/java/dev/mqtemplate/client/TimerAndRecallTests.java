package dev.mqtemplate.client;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timer messages and recall on the wire, against a fake broker: the timer properties the official client sets, the
 * recall handle read from the send answer, the RECALL_MESSAGE request, and how a broker's refusal reaches the caller.
 * What a real broker does with them: {@code TimerIntegrationTests}.
 */
class TimerAndRecallTests {

    private FakeRemotingServer server;

    private MQTemplate template;

    /** What the fake broker answers to RECALL_MESSAGE; null: REQUEST_CODE_NOT_SUPPORTED, as a broker before 5.3.2. */
    private final AtomicReference<Function<RemotingCommand, FakeRemotingServer.Reply>> recall = new AtomicReference<>();

    @AfterEach
    void stop() {
        template.close();
        server.close();
    }

    private void start() {
        server = FakeRemotingServer.start(request -> null);
        Function<RemotingCommand, FakeRemotingServer.Reply> broker = FakeRoles.broker();
        server.script(FakeRoles.nameServerAnd(server, request -> {
            if (request.code() == RequestCode.RECALL_MESSAGE && recall.get() != null) {
                return recall.get().apply(request);
            }
            if (request.code() == RequestCode.SEND_MESSAGE_V2
                    && MessageProperties.decode(request.extField(FakeRoles.PROPERTIES_FIELD))
                            .containsKey(MessageProperties.TIMER_DELAY_MS)) {
                // a 5.3 broker answers a timer message with its recall handle
                return respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of("msgId",
                        "7F00000100002A9F0000000000000000", "queueId", "0", "queueOffset", "0", "recallHandle",
                        "the-handle"), null));
            }
            return broker.apply(request);
        }));
        // generous: these tests are about what goes on the wire, not about time, and the machine may be busy
        template = MQTemplate.create(MQClientConfig.builder().nameServer(server.address())
                .sendTimeout(Duration.ofSeconds(30)).build());
    }

    @Test
    void deliveryTimeGoesOutAsTimerDeliverMsAndDelayAsTimerDelayMs() {
        start();
        Instant at = Instant.now().plusSeconds(30);

        template.send(MQMessage.builder("orders").body("a").deliverAt(at).build());
        template.sendAsync(MQMessage.builder("orders").body("b").delay(Duration.ofMillis(2500)).build()).join();
        template.sendOneway(MQMessage.builder("orders").body("c").delay(Duration.ofSeconds(4)).build());

        List<Map<String, String>> sent = server.awaitRequests(RequestCode.SEND_MESSAGE_V2, 3, Duration.ofSeconds(5))
                .stream().map(r -> MessageProperties.decode(r.extField(FakeRoles.PROPERTIES_FIELD))).toList();
        assertThat(sent.get(0)).containsEntry(MessageProperties.TIMER_DELIVER_MS, Long.toString(at.toEpochMilli()))
                .doesNotContainKeys(MessageProperties.TIMER_DELAY_MS, MessageProperties.TIMER_DELAY_SEC,
                        MessageProperties.DELAY);
        assertThat(sent.get(1)).containsEntry(MessageProperties.TIMER_DELAY_MS, "2500")
                .doesNotContainKeys(MessageProperties.TIMER_DELIVER_MS, MessageProperties.TIMER_DELAY_SEC);
        assertThat(sent.get(2)).containsEntry(MessageProperties.TIMER_DELAY_MS, "4000");
    }

    @Test
    void sendResultCarriesTheBrokersRecallHandleAndNoneWithoutOne() {
        start();

        SendResult timer = template.send(MQMessage.builder("orders").body("a").delay(Duration.ofSeconds(5)).build());
        SendResult plain = template.send(MQMessage.builder("orders").body("b").build());

        assertThat(timer.recallHandle()).isEqualTo("the-handle");
        assertThat(plain.recallHandle()).isNull();
    }

    @Test
    void recallAsksTheBrokerOfTheHandleWithTopicHandleAndGroup() {
        start();
        recall.set(request -> respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                Map.of("msgId", "ID-1"), null)));
        String handle = handle("orders", FakeRoles.BROKER_NAME, "ID-1");

        String recalled = template.recall("orders", handle);

        assertThat(recalled).isEqualTo("ID-1");
        RemotingCommand request = server.requests(RequestCode.RECALL_MESSAGE).get(0);
        assertThat(request.extFields()).containsEntry("topic", "orders").containsEntry("recallHandle", handle)
                .containsEntry("producerGroup", template.config().producerGroup())
                .containsEntry("bname", FakeRoles.BROKER_NAME);
    }

    @Test
    void asyncRecallCompletesWithTheRecalledId() {
        start();
        recall.set(request -> respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                Map.of("msgId", "ID-2"), null)));

        assertThat(template.recallAsync("orders", handle("orders", FakeRoles.BROKER_NAME, "ID-2")).join())
                .isEqualTo("ID-2");
    }

    @Test
    void brokerWithoutRecallSupportGivesCode3NamingTheVersionNeeded() {
        start(); // the fake answers RECALL_MESSAGE as a broker before 5.3.2: REQUEST_CODE_NOT_SUPPORTED

        Throwable thrown = catchThrowable(() -> template.recall("orders", handle("orders", FakeRoles.BROKER_NAME,
                "ID-3")));

        assertThat(thrown).isInstanceOf(MQBrokerRejectedException.class).hasMessageContaining("code 3")
                .hasMessageContaining("the broker does not support RECALL_MESSAGE (RocketMQ 5.3.2 or later needed)");
        assertThat(((MQBrokerRejectedException) thrown).responseCode()).isEqualTo(3);
        assertThat(((MQBrokerRejectedException) thrown).mayHaveBeenStored()).isFalse();
    }

    @Test
    void brokerWithRecallDisabledGivesCode16NamingTheSetting() {
        start();
        recall.set(request -> FakeRoles.error(request, ResponseCode.NO_PERMISSION,
                "recall failed, operation is forbidden"));

        Throwable thrown = catchThrowable(() -> template.recall("orders", handle("orders", FakeRoles.BROKER_NAME,
                "ID-4")));

        assertThat(thrown).isInstanceOf(MQBrokerRejectedException.class).hasMessageContaining("code 16")
                .hasMessageContaining("recall failed, operation is forbidden; the broker needs "
                        + "recallMessageEnable=true");
    }

    private static String handle(String topic, String brokerName, String id) {
        String text = "v1 " + topic + " " + brokerName + " " + (System.currentTimeMillis() + 60_000) + " " + id;
        return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
