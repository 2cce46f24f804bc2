package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a template in a namespace writes on the wire (the stored names) and what it shows its user (the user's
 * names), seen by a fake name server and broker. The real broker's side: {@code NamespaceIntegrationTests}.
 */
class NamespaceWireTests {

    private FakeRemotingServer server;

    private SimpleMeterRegistry registry;

    private MQTemplate template;

    @BeforeEach
    void start() {
        server = FakeRemotingServer.start(request -> null);
        server.script(FakeRoles.nameServerAndBroker(server));
        registry = new SimpleMeterRegistry();
        template = MQTemplate.builder(MQClientConfig.builder().nameServer(server.address()).producerGroup("pg")
                .namespace("shop").heartbeatInterval(Duration.ofMillis(200)).build())
                .metrics(new MicrometerSendMetrics(registry)).build();
    }

    @AfterEach
    void stop() {
        template.close();
        server.close();
    }

    @Test
    void theRouteRequestSendHeaderAndHeartbeatNameTheStoredTopicAndGroup() {
        SendResult result = template.send(MQMessage.builder("orders").body("x").build());

        RemotingCommand lookup = server.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC).get(0);
        assertThat(lookup.extField("topic")).isEqualTo("shop%orders");
        RemotingCommand send = server.requests(RequestCode.SEND_MESSAGE_V2).get(0);
        assertThat(send.extField("b")).isEqualTo("shop%orders");
        assertThat(send.extField("a")).isEqualTo("shop%pg");
        List<RemotingCommand> heartbeats = server.awaitRequests(RequestCode.HEART_BEAT, 1, Duration.ofSeconds(10));
        assertThat(new String(heartbeats.get(0).body(), StandardCharsets.UTF_8))
                .contains("\"groupName\":\"shop%pg\"");
        // the user sees the name they sent to
        assertThat(result.queue().topic()).isEqualTo("orders");
        // the metrics follow the caller's future: wait for them
        FaultBench.awaitTrue(() -> registry.find("mq.send").tag("topic", "orders").timer() != null,
                Duration.ofSeconds(10), "the send timed under the user's topic");
        assertThat(registry.get("mq.send").tag("topic", "orders").timer().count()).isEqualTo(1);
        assertThat(registry.find("mq.send").tag("topic", "shop%orders").timers()).isEmpty();
    }

    @Test
    void aTopicThatAlreadyCarriesTheNamespaceIsNotWrappedAgain() {
        SendResult result = template.send(MQMessage.builder("shop%orders").body("x").build());

        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2).get(0).extField("b")).isEqualTo("shop%orders");
        assertThat(result.queue().topic()).isEqualTo("shop%orders");
    }

    @Test
    void aTopicTooLongOnceWrappedIsRefusedBeforeTheNetwork() {
        String topic = "t".repeat(123); // 128 characters as shop%ttt...

        MQValidationException refused = catchThrowableOfType(MQValidationException.class,
                () -> template.send(MQMessage.builder(topic).body("x").build()));

        assertThat(refused.field()).isEqualTo("topic");
        assertThat(refused).hasMessageContaining("must be at most 122 characters long in namespace 'shop'");
        assertThat(server.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC)).isEmpty();
        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2)).isEmpty();
    }

    @Test
    void systemTopicsAreStillRefusedInANamespace() {
        // the official client would send TBW102 unwrapped (a system topic); we refuse it with or without namespace
        assertThat(catchThrowableOfType(MQValidationException.class,
                () -> template.send(MQMessage.builder("TBW102").body("x").build())))
                .hasMessageContaining("is a RocketMQ system topic");
        assertThat(catchThrowableOfType(MQValidationException.class,
                () -> template.send(MQMessage.builder("%RETRY%pg").body("x").build())))
                .hasMessageContaining("uses the reserved prefix '%RETRY%'");
        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2)).isEmpty();
    }

    @Test
    void anInvalidNamespaceFailsWhenTheConfigurationIsBuilt() {
        assertThat(catchThrowableOfType(MQValidationException.class, () -> MQClientConfig.builder()
                .nameServer("127.0.0.1:9876").namespace("a%b").build()))
                .hasMessageContaining("namespace 'a%b' is invalid");
        assertThat(MQClientConfig.builder().nameServer("127.0.0.1:9876").namespace("shop").build().toBuilder()
                .build().namespace()).isEqualTo("shop");
        assertThat(MQClientConfig.builder().nameServer("127.0.0.1:9876").build().namespace()).isEmpty();
    }
}
