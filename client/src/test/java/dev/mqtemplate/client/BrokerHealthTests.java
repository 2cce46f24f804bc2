package dev.mqtemplate.client;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats, unregistration and fault avoidance between two fake brokers: a broker that closes an idle connection
 * stays in use; one that drops requests in flight is used again once it answers. (The isolation rules themselves are
 * tested on a stepped clock in {@code send.BrokerHealthTests}.)
 */
class BrokerHealthTests {

    private FakeRemotingServer brokerA;

    private FakeRemotingServer brokerB;

    private FakeRemotingServer nameServer;

    private MQTemplate template;

    @BeforeEach
    void start() {
        brokerA = FakeRemotingServer.start(FakeRoles.broker());
        brokerB = FakeRemotingServer.start(FakeRoles.broker());
        byte[] route = FakeRoles.twoBrokerRoute(brokerA.address(), brokerB.address());
        nameServer = FakeRemotingServer.start(request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), route)) : null);
        template = MQTemplate.create(MQClientConfig.builder().nameServer(nameServer.address()).producerGroup("hb_group")
                .heartbeatInterval(Duration.ofMillis(200)).build());
    }

    @AfterEach
    void stop() {
        template.close();
        nameServer.close();
        brokerA.close();
        brokerB.close();
    }

    @Test
    void heartbeatsRegisterTheGroupWithEveryMasterAndCloseUnregistersIt() {
        for (int i = 0; i < 8; i++) {
            template.send("orders", "x".getBytes());
        }

        RemotingCommand heartbeat = brokerA.awaitRequests(RequestCode.HEART_BEAT, 1, Duration.ofSeconds(5)).get(0);
        String body = new String(heartbeat.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"producerDataSet\":[{\"groupName\":\"hb_group\"}]").contains("\"clientID\":\"");
        assertThat(brokerB.awaitRequests(RequestCode.HEART_BEAT, 1, Duration.ofSeconds(5))).isNotEmpty();

        template.close();

        RemotingCommand unregister = brokerA.awaitRequests(RequestCode.UNREGISTER_CLIENT, 1, Duration.ofSeconds(2)).get(0);
        assertThat(unregister.extField("producerGroup")).isEqualTo("hb_group");
        assertThat(unregister.extField("clientID")).isNotBlank();
    }

    @Test
    void aBrokerThatClosesAnIdleConnectionIsNotIsolated() {
        for (int i = 0; i < 8; i++) {
            template.send("orders", "x".getBytes());
        }
        assertThat(template.status().openConnections(brokerB.address())).isEqualTo(1);

        // brokers close connections idle for two minutes; nothing was in flight on it
        brokerB.closeConnections();
        FaultBench.awaitTrue(() -> template.status().openConnections(brokerB.address()) == 0, Duration.ofSeconds(5),
                "the client sees the close");

        assertThat(template.status().isolatedBrokers()).isEmpty();
        long toB = 0;
        for (int i = 0; i < 8; i++) {
            toB += template.send("orders", "x".getBytes()).queue().brokerName().equals("broker-b") ? 1 : 0;
        }
        assertThat(toB).as("broker-b still gets its share, over a new connection").isEqualTo(4);
    }

    @Test
    void requestsDroppedWithAConnectionAreOutcomeUnknownAndTheBrokerIsUsedAgainOnceItAnswers() {
        for (int i = 0; i < 8; i++) {
            template.send("orders", "x".getBytes());
        }
        int sentToB = brokerB.requests(RequestCode.SEND_MESSAGE_V2).size();

        // broker-b takes sends without answering, then drops the connection with them in flight
        brokerB.script(request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? FakeRemotingServer.noAnswer() : null);
        List<CompletableFuture<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sends.add(template.sendAsync(MQMessage.builder("orders").body("in flight").build(), Duration.ofSeconds(30)));
        }
        FaultBench.awaitTrue(() -> brokerB.requests(RequestCode.SEND_MESSAGE_V2).size() == sentToB + 4,
                Duration.ofSeconds(5), "four sends in flight on broker-b");
        brokerB.script(FakeRoles.broker());
        brokerB.closeConnections();

        long unknown = sends.stream().map(send -> send.handle((result, error) -> error).join())
                .filter(MQOutcomeUnknownException.class::isInstance).count();
        assertThat(unknown).isEqualTo(4);
        FaultBench.awaitTrue(() -> template.send("orders", "x".getBytes()).queue().brokerName().equals("broker-b"),
                Duration.ofSeconds(10), "broker-b used again once it answers");
    }

    @Test
    void cachedRoutesKeepServingWhileEveryNameServerIsDown() {
        template.send("orders", "before".getBytes());

        nameServer.close();

        for (int i = 0; i < 10; i++) {
            assertThat(template.send("orders", ("during-" + i).getBytes()).status()).isEqualTo(SendStatus.SEND_OK);
        }
        // a background refresh while the name servers are down keeps the cached route
        assertThat(template.routeCache().refresh("orders")).failsWithin(Duration.ofSeconds(5));
        assertThat(template.send("orders", "after a failed refresh".getBytes()).status()).isEqualTo(SendStatus.SEND_OK);
    }
}
