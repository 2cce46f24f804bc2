package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Not sent" is a promise that a retry cannot store a message twice. These are the two ways it was broken: a one-way
 * request whose write was still pending, and a retry that failed plainly after an attempt with an unknown outcome.
 */
class NoHiddenDuplicateTests {

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void aOnewayWhoseWriteIsStillPendingAtItsDeadlineIsOutcomeUnknownAndItsBytesStillArrive() {
        FakeRemotingServer server = bench.nameServerAndBroker();
        MQTemplate template = bench.template(server.address(), config -> config.sendTimeout(Duration.ofMillis(500))
                .connectionsPerBroker(1).compressThreshold(Integer.MAX_VALUE));
        SendResult warmUp = template.send(FaultBench.message());
        assertThat(warmUp).isNotNull();

        // the broker stalls: the socket buffers fill, then the client's outbound buffer holds the rest
        server.pauseReading();
        MQException failure = null;
        for (int i = 0; i < 20 && failure == null; i++) {
            byte[] body = new byte[3 * 1024 * 1024];
            ThreadLocalRandom.current().nextBytes(body);
            try {
                template.sendOneway(MQMessage.builder("orders").body(body).build());
            } catch (MQException e) {
                failure = e;
            }
        }

        assertThat(failure).as("a one-way write that stalls past the send timeout").isNotNull();
        assertThat(failure).isInstanceOf(MQOutcomeUnknownException.class).hasMessageContaining("may still be written");
        assertThat(failure.mayHaveBeenStored()).isTrue();
        // and indeed: once the broker reads again, the request that "failed" arrives
        String failedId = ((MQOutcomeUnknownException) failure).messageId();
        server.resumeReading();
        FaultBench.awaitTrue(() -> server.requests(RequestCode.SEND_MESSAGE_V2).stream()
                .anyMatch(request -> failedId.equals(FakeRoles.uniqKey(request))), Duration.ofSeconds(10),
                "the timed-out one-way request reaches the broker");
    }

    @Test
    void afterAnAttemptWithAnUnknownOutcomeARejectedRetryLeavesTheOutcomeUnknown() {
        AtomicInteger sends = new AtomicInteger();
        FakeRemotingServer server = bench.server(request -> null);
        server.script(FakeRoles.nameServerAnd(server, request -> {
            if (request.code() != RequestCode.SEND_MESSAGE_V2) {
                return null;
            }
            // the first attempt gets no answer (it may be stored); the retry is refused for good
            return sends.incrementAndGet() == 1 ? noAnswer()
                    : FakeRoles.error(request, ResponseCode.MESSAGE_ILLEGAL, "refused on retry");
        }));
        MQTemplate template = bench.template(server.address(), config -> config.sendTimeout(Duration.ofMillis(1500))
                .retries(1).retryUnknownOutcome(true));

        MQOutcomeUnknownException error = catchThrowableOfType(() -> template.send(FaultBench.message()),
                MQOutcomeUnknownException.class);

        assertThat(error).as("the first attempt may have stored it: the send's outcome stays unknown").isNotNull();
        assertThat(sends.get()).isEqualTo(2);
        assertThat(error.getSuppressed()).anyMatch(MQBrokerRejectedException.class::isInstance);
    }
}
