package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.SendStatus;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.metrics.SendMode;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A send's outcome reaches its caller whatever else goes wrong on the I/O thread after the broker answered: metrics
 * that throw, or an answer whose numbers cannot be read. And the connection stays up for the next send.
 */
class CallbackFaultTests {

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void metricsThatThrowCostNoOutcomeAndNoConnection() throws Exception {
        FakeRemotingServer server = bench.nameServerAndBroker();
        AtomicInteger calls = new AtomicInteger();
        SendMetrics broken = new SendMetrics() {
            @Override
            public void sendCompleted(String topic, String broker, SendMode mode, String status, Throwable error,
                    long nanos) {
                calls.incrementAndGet();
                throw new IllegalStateException("a broken meter registry");
            }

            @Override
            public void bodyPrepared(String topic, int originalBytes, int sentBytes, boolean compressed,
                    long compressNanos) {
                throw new IllegalStateException("a broken meter registry");
            }
        };
        MQTemplate template = bench.add(MQTemplate.builder(MQClientConfig.builder().nameServer(server.address())
                .sendTimeout(Duration.ofSeconds(2)).build()).metrics(broken).build());

        SendResult sync = template.send(FaultBench.message());
        SendResult async = template.sendAsync(FaultBench.message()).get(5, TimeUnit.SECONDS);
        template.sendOneway(FaultBench.message());
        for (int i = 0; i < 5; i++) {
            assertThat(template.send(FaultBench.message()).status()).isEqualTo(SendStatus.SEND_OK);
        }

        assertThat(sync.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(async.status()).isEqualTo(SendStatus.SEND_OK);
        // metrics come after the caller's future: the last call may still be on its way
        FaultBench.awaitTrue(() -> calls.get() == 8, Duration.ofSeconds(5), "every send measured (and thrown from)");
        // one connection for the route and the sends: none was closed by an exception in the pipeline
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aStoredAnswerWithAGarbageQueueOffsetIsOutcomeUnknownAndTheConnectionLives() {
        AtomicLong offsets = new AtomicLong();
        FakeRemotingServer server = bench.server(request -> null);
        server.script(FakeRoles.nameServerAnd(server, request -> {
            if (request.code() != RequestCode.SEND_MESSAGE_V2) {
                return null;
            }
            if (offsets.getAndIncrement() == 0) {
                return respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of("msgId",
                        "7F00000100002A9F0000000000000000", "queueId", "0", "queueOffset", "twelve"), null));
            }
            return FakeRoles.sendOk(request, offsets.get());
        }));
        MQTemplate template = bench.template(server.address());

        MQOutcomeUnknownException error = catchThrowableOfType(() -> template.send(FaultBench.message()),
                MQOutcomeUnknownException.class);
        SendResult next = template.send(FaultBench.message());

        assertThat(error).isNotNull().hasMessageContaining("queueOffset 'twelve' is not a number");
        assertThat(error.messageId()).isNotBlank();
        assertThat(next.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }
}
