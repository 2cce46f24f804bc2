package dev.mqtemplate.client.send;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.delayed;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRemotingServer.Reply;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One deadline per send, from the call through the route, the connect and the answer: however slow each step, the
 * send ends within its timeout plus a small margin, not after the sum of every step's own timeout.
 */
class SendDeadlineTests {

    private static final Duration SEND_TIMEOUT = Duration.ofMillis(1500);

    /** What the send may take beyond its timeout: a deadline tick, scheduling on a busy 2-core machine. */
    private static final long MARGIN_MILLIS = 600;

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void aSlowNameServerThenAConnectThatHangsEndWithinTheSendTimeoutAsNotSent() throws Exception {
        FakeRoles.BlackHole broker = bench.add(FakeRoles.blackHole());
        FakeRemotingServer nameServer = bench.server(slowRoute(broker.address(), Duration.ofMillis(700)));
        // each step alone is within its own timeout; before one deadline bound them, this send took 10.7 s
        MQTemplate template = bench.template(nameServer.address(), config -> config.sendTimeout(SEND_TIMEOUT)
                .lookupTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(10)));

        long start = System.nanoTime();
        MQNotSentException error = catchThrowableOfType(() -> template.send(FaultBench.message()),
                MQNotSentException.class);
        long elapsed = FaultBench.millisSince(start);

        assertThat(error).isNotNull().hasMessageContaining("send timeout of 1500 ms");
        assertThat(elapsed).isBetween(SEND_TIMEOUT.toMillis() - 50, SEND_TIMEOUT.toMillis() + MARGIN_MILLIS);
    }

    @Test
    void aSlowNameServerThenASilentBrokerEndWithinTheSendTimeoutAsOutcomeUnknown() {
        FakeRemotingServer broker = bench.server(request -> request.code() == RequestCode.SEND_MESSAGE_V2
                ? noAnswer() : null);
        FakeRemotingServer nameServer = bench.server(slowRoute(broker.address(), Duration.ofMillis(1000)));
        MQTemplate template = bench.template(nameServer.address(), config -> config.sendTimeout(SEND_TIMEOUT));

        long start = System.nanoTime();
        MQOutcomeUnknownException error = catchThrowableOfType(() -> template.send(FaultBench.message()),
                MQOutcomeUnknownException.class);
        long elapsed = FaultBench.millisSince(start);

        // the answer gets what the route left of the budget, not a whole send timeout of its own (2.5 s in all)
        assertThat(error).isNotNull();
        assertThat(elapsed).isBetween(SEND_TIMEOUT.toMillis() - 50, SEND_TIMEOUT.toMillis() + MARGIN_MILLIS);
    }

    @Test
    void anAsyncSendToAConnectThatHangsFailsWithinItsTimeout() throws Exception {
        FakeRoles.BlackHole broker = bench.add(FakeRoles.blackHole());
        FakeRemotingServer nameServer = bench.server(slowRoute(broker.address(), Duration.ZERO));
        MQTemplate template = bench.template(nameServer.address(), config -> config.sendTimeout(SEND_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(10)));

        long start = System.nanoTime();
        MQException error = FaultBench.failure(template.sendAsync(FaultBench.message()), Duration.ofSeconds(15));
        long elapsed = FaultBench.millisSince(start);

        assertThat(error).isInstanceOf(MQNotSentException.class).hasMessageContaining("no connection to broker");
        assertThat(elapsed).isLessThan(SEND_TIMEOUT.toMillis() + MARGIN_MILLIS);
    }

    /** A name server that answers route requests for {@code brokerAddress} after {@code delay}. */
    private static Function<RemotingCommand, Reply> slowRoute(String brokerAddress, Duration delay) {
        byte[] route = FakeRoles.routeJson(FakeRoles.BROKER_NAME, brokerAddress);
        return request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? delayed(delay, respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(),
                        route)))
                : null;
    }
}
