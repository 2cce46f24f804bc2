package dev.mqtemplate.client.transport;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever a callback throws on an I/O thread, every other request still completes: the deadline tick keeps
 * ticking, the close sweep reaches every request, a connection slot's future completes, and the connection stays
 * open.
 */
class ConnectionCallbackTests {

    private final FakeRemotingServer silent = FakeRemotingServer.start(request -> noAnswer());

    private final ClientResources resources = ClientResources.create(1);

    private final ChannelPool pool = new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(3), 1,
            16 * 1024 * 1024, HeaderSerialization.JSON));

    @AfterEach
    void close() {
        pool.close();
        resources.close();
        silent.close();
    }

    @Test
    void aHandlerThatThrowsAtItsDeadlineDoesNotStopTheTickForLaterRequests() throws Exception {
        Connection connection = pool.acquire(silent.address()).get(5, TimeUnit.SECONDS);
        connection.request(RemotingCommand.request(10, null, null), 20, new ThrowingHandler(new AtomicInteger()));
        CompletableFuture<RemotingCommand> later = connection.request(RemotingCommand.request(10, null, null), 300);

        Throwable failure = catchThrowable(() -> later.get(5, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(NoResponseException.class);
        assertThat(connection.inFlightCount()).isZero();
    }

    @Test
    void handlersThatThrowDoNotKeepTheCloseSweepFromTheOtherRequests() throws Exception {
        Connection connection = pool.acquire(silent.address()).get(5, TimeUnit.SECONDS);
        AtomicInteger told = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            connection.request(RemotingCommand.request(10, null, null), 60_000, new ThrowingHandler(told));
        }
        FaultBench.awaitTrue(() -> connection.inFlightCount() == 10, Duration.ofSeconds(5), "all ten written");

        connection.close();

        assertThat(told.get()).as("every request told of the close, though each handler threw").isEqualTo(10);
    }

    @Test
    void aResponseHandlerThatThrowsDoesNotCloseTheConnection() throws Exception {
        try (FakeRemotingServer echo = FakeRemotingServer.start(request -> respond(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), null)))) {
            Connection connection = pool.acquire(echo.address()).get(5, TimeUnit.SECONDS);
            AtomicInteger told = new AtomicInteger();
            connection.request(RemotingCommand.request(10, null, null), 5000, new ThrowingHandler(told));
            FaultBench.awaitTrue(() -> told.get() == 1, Duration.ofSeconds(5), "the throwing handler got its answer");

            RemotingCommand second = connection.request(RemotingCommand.request(10, null, null), 5000)
                    .get(5, TimeUnit.SECONDS);

            assertThat(second.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(connection.isActive()).isTrue();
            assertThat(echo.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void aConnectListenerThatThrowsDoesNotLeaveTheConnectionSlotWaiting() throws Exception {
        pool.onConnected(address -> {
            throw new IllegalStateException("a broken listener");
        });

        Connection first = pool.acquire(silent.address()).get(5, TimeUnit.SECONDS);
        Connection again = pool.acquire(silent.address()).get(5, TimeUnit.SECONDS);

        assertThat(first.isActive()).isTrue();
        assertThat(again).isSameAs(first);
    }

    /** Counts each call, then throws. */
    private record ThrowingHandler(AtomicInteger told) implements ResponseHandler {

        @Override
        public void onResponse(RemotingCommand response) {
            told.incrementAndGet();
            throw new IllegalStateException("a handler bug on answer");
        }

        @Override
        public void onFailure(Throwable failure) {
            told.incrementAndGet();
            throw new IllegalStateException("a handler bug on failure");
        }
    }
}
