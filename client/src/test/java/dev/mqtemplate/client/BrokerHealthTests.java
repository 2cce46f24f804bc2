package dev.mqtemplate.client;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats, unregistration and fault avoidance between two fake brokers: a broker whose connection closes is
 * skipped at once, and the probe brings it back once it answers again.
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
        byte[] route = twoBrokerRoute(brokerA.address(), brokerB.address());
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
    void aBrokerWhoseConnectionClosesIsSkippedAtOnceAndComesBackWhenItAnswers() throws Exception {
        for (int i = 0; i < 8; i++) {
            template.send("orders", "x".getBytes());
        }
        assertThat(brokerB.requests(RequestCode.SEND_MESSAGE_V2)).isNotEmpty();

        // broker-b drops its connections and stops answering sends and heartbeats
        brokerB.script(request -> FakeRemotingServer.noAnswer());
        brokerB.closeConnections();
        Thread.sleep(100);
        int sentToB = brokerB.requests(RequestCode.SEND_MESSAGE_V2).size();
        for (int i = 0; i < 20; i++) {
            assertThat(template.send("orders", "x".getBytes()).queue().brokerName()).isEqualTo("broker-a");
        }
        assertThat(brokerB.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(sentToB);

        // broker-b answers again: the probe (every second) clears it
        brokerB.script(FakeRoles.broker());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean usedAgain = false;
        while (!usedAgain && System.nanoTime() < deadline) {
            usedAgain = template.send("orders", "x".getBytes()).queue().brokerName().equals("broker-b");
            Thread.sleep(20);
        }
        assertThat(usedAgain).as("broker-b used again once it answers").isTrue();
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

    private static byte[] twoBrokerRoute(String addressA, String addressB) {
        String json = "{\"brokerDatas\":["
                + "{\"brokerAddrs\":{\"0\":\"" + addressA + "\"},\"brokerName\":\"broker-a\",\"cluster\":\"C\"},"
                + "{\"brokerAddrs\":{\"0\":\"" + addressB + "\"},\"brokerName\":\"broker-b\",\"cluster\":\"C\"}],"
                + "\"queueDatas\":["
                + "{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":2,\"writeQueueNums\":2,\"topicSysFlag\":0},"
                + "{\"brokerName\":\"broker-b\",\"perm\":6,\"readQueueNums\":2,\"writeQueueNums\":2,\"topicSysFlag\":0}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
