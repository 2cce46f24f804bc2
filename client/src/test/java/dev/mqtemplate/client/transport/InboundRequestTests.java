package dev.mqtemplate.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests a broker sends the client on its connection: each code to its handler, off the I/O threads, answered on
 * the same connection with the request's opaque; unknown codes, failing handlers and one-way requests answered as
 * the protocol says.
 */
class InboundRequestTests {

    private static final int CHECK_TRANSACTION_STATE = 39;

    private final FakeRemotingServer broker = FakeRemotingServer.start(request -> null);

    private final ClientResources resources = ClientResources.create(1);

    private final ChannelPool pool = new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(2), 1,
            1 << 20, HeaderSerialization.JSON));

    @BeforeEach
    void connect() throws Exception {
        pool.acquire(broker.address()).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        pool.close();
        resources.close();
        broker.close();
    }

    @Test
    void aRegisteredHandlerAnswersOffTheIoThreadWithTheRequestsOpaque() throws Exception {
        AtomicReference<String> handledOn = new AtomicReference<>();
        pool.onRequest(CHECK_TRANSACTION_STATE, (request, address) -> {
            handledOn.set(Thread.currentThread().getName());
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                    Map.of("echo", request.extField("tranStateTableOffset")), null);
        });

        RemotingCommand answer = broker.sendToClient(RemotingCommand.request(CHECK_TRANSACTION_STATE,
                Map.of("tranStateTableOffset", "42"), null)).get(5, TimeUnit.SECONDS);

        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(answer.extField("echo")).isEqualTo("42");
        assertThat(handledOn.get()).startsWith("mqtemplate-inbound-");
    }

    @Test
    void aCodeWithoutAHandlerIsAnsweredNotSupported() throws Exception {
        RemotingCommand answer = broker.sendToClient(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                Map.of(), null)).get(5, TimeUnit.SECONDS);

        assertThat(answer.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    }

    @Test
    void aHandlerThatThrowsIsAnsweredSystemErrorAndTheConnectionStays() throws Exception {
        pool.onRequest(CHECK_TRANSACTION_STATE, (request, address) -> {
            throw new IllegalStateException("database down");
        });

        RemotingCommand answer = broker.sendToClient(RemotingCommand.request(CHECK_TRANSACTION_STATE, Map.of(), null))
                .get(5, TimeUnit.SECONDS);

        assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(answer.remark()).contains("database down");
        assertThat(pool.openConnections(broker.address())).isEqualTo(1);
    }

    @Test
    void aOneWayRequestIsHandledAndNotAnswered() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        pool.onRequest(CHECK_TRANSACTION_STATE, (request, address) -> {
            handled.countDown();
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), null);
        });

        CompletableFuture<RemotingCommand> answer = broker.sendToClient(
                RemotingCommand.oneway(CHECK_TRANSACTION_STATE, Map.of(), null));

        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        // an answer would come right after the handler; none may
        Thread.sleep(200);
        assertThat(answer).isNotDone();
    }

    @Test
    void closingThePoolEndsTheHandlerThreads() throws Exception {
        pool.onRequest(CHECK_TRANSACTION_STATE, (request, address) ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), null));
        broker.sendToClient(RemotingCommand.request(CHECK_TRANSACTION_STATE, Map.of(), null)).get(5, TimeUnit.SECONDS);

        pool.close();

        FaultBench.awaitTrue(() -> Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .noneMatch(thread -> thread.getName().startsWith("mqtemplate-inbound-")), Duration.ofSeconds(5),
                "no handler thread after close");
    }
}
