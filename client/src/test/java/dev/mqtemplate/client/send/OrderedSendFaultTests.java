package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ordered sends under faults: they stay on their queue (retries included, no fault avoidance), say so when they
 * fail, and one that waited in line past its deadline was never written.
 */
class OrderedSendFaultTests {

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void anOrderedSendWhoseBrokerIsDownFailsOnItsQueueAndNeverMovesToAnother() {
        FakeRemotingServer brokerA = bench.server(FakeRoles.broker());
        String deadBrokerB = "127.0.0.1:" + FakeRoles.closedPort();
        byte[] route = FakeRoles.twoBrokerRoute(brokerA.address(), deadBrokerB);
        FakeRemotingServer nameServer = bench.server(request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), route)) : null);
        MQTemplate template = bench.template(nameServer.address(), config -> config.sendTimeout(Duration.ofSeconds(2)));
        String key = keyOnBrokerB();

        MQException failure = FaultBench.failure(template.sendAsync(MQMessage.builder("orders").shardingKey(key)
                .body("pinned").build()), Duration.ofSeconds(10));

        assertThat(failure).isInstanceOf(MQNotSentException.class);
        assertThat(failure.pinnedQueue()).startsWith("orders@broker-b#");
        assertThat(failure).hasMessageContaining("not retried on another queue");
        assertThat(brokerA.requests(RequestCode.SEND_MESSAGE_V2)).as("broker-a healthy, yet never tried").isEmpty();
    }

    @Test
    void anOrderedSendWaitingBehindAStuckOnePastItsDeadlineIsNotSentAndWasNeverWritten() {
        FakeRemotingServer server = bench.server(request -> null);
        server.script(FakeRoles.nameServerAnd(server, request ->
                request.code() == RequestCode.SEND_MESSAGE_V2 ? noAnswer() : null));
        MQTemplate template = bench.template(server.address());
        template.sendAsync(MQMessage.builder("warm").body("route").build()); // connection up; answer never comes

        CompletableFuture<?> stuck = template.sendAsync(MQMessage.builder("orders").shardingKey("k").body("first")
                .build(), Duration.ofMillis(1000));
        CompletableFuture<?> behind = template.sendAsync(MQMessage.builder("orders").shardingKey("k").body("second")
                .build(), Duration.ofMillis(300));

        assertThat(FaultBench.failure(stuck, Duration.ofSeconds(5))).isInstanceOf(MQOutcomeUnknownException.class);
        MQException second = FaultBench.failure(behind, Duration.ofSeconds(5));
        assertThat(second).isInstanceOf(MQNotSentException.class).hasMessageContaining("send timeout of 300 ms");
        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2)).extracting(FakeRoles::uniqKey)
                .as("the second was never written").hasSize(2); // the warm-up and the stuck one
    }

    /** A key the official hash selector puts on one of broker-b's queues (route order a0, a1, b0, b1). */
    private static String keyOnBrokerB() {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            if (QueuePin.hashIndex(key, 4) >= 2) {
                return key;
            }
        }
    }
}
