package dev.mqtemplate.client.transport;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.delayed;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Matching answers to requests by opaque, with many requests in flight on one connection and answers arriving in
 * any order: every request gets its own answer, once, and the table of requests in flight empties. A request that
 * cannot be sent (closed connection, stopped I/O threads) fails at once as not sent.
 */
class ConnectionTests {

    private static final int REQUESTS = 3000;

    @Test
    void matchesAnswersArrivingInAnyOrderToTheirRequests() throws Exception {
        // each answer echoes the request's number, after a random delay that reorders them
        try (FakeRemotingServer server = FakeRemotingServer.start(request -> delayed(
                Duration.ofMillis(ThreadLocalRandom.current().nextInt(50)),
                respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                        Map.of("n", request.extField("n")), null))));
                ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(3), 1,
                        16 * 1024 * 1024, HeaderSerialization.JSON))) {
            Connection connection = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);
            List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
            for (int n = 0; n < REQUESTS; n++) {
                answers.add(connection.request(RemotingCommand.request(10, Map.of("n", Integer.toString(n)), null),
                        10_000));
            }
            for (int n = 0; n < REQUESTS; n++) {
                assertThat(answers.get(n).get(10, TimeUnit.SECONDS).extField("n")).isEqualTo(Integer.toString(n));
            }
            assertThat(connection.inFlightCount()).isZero();
        }
    }

    @Test
    void failsARequestNobodyAnswersSoonAfterItsDeadline() throws Exception {
        try (FakeRemotingServer server = FakeRemotingServer.start(request -> noAnswer());
                ClientResources resources = ClientResources.create(1);
                ChannelPool pool = pool(resources)) {
            Connection connection = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            CompletableFuture<RemotingCommand> answer = connection.request(RemotingCommand.request(10, null, null), 100);

            Throwable failure = catchThrowable(() -> answer.get(5, TimeUnit.SECONDS));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(NoResponseException.class);
            assertThat(((NoResponseException) failure.getCause()).reason()).isEqualTo(NoResponseException.Reason.TIMEOUT);
            // deadlines are checked every few milliseconds: late by a tick at most, never early
            assertThat(elapsedMillis).isBetween(100L, 1000L);
            assertThat(connection.inFlightCount()).isZero();
        }
    }

    @Test
    void aRequestOnAClosedConnectionIsNotSent() throws Exception {
        try (FakeRemotingServer server = FakeRemotingServer.start(request -> noAnswer())) {
            ClientResources resources = ClientResources.create(1);
            ChannelPool pool = pool(resources);
            Connection connection = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);
            resources.close(); // the stopping I/O threads close their channels before they end
            assertThat(connection.isActive()).isFalse();

            CompletableFuture<RemotingCommand> answer =
                    connection.request(RemotingCommand.request(10, null, null), 1000);

            assertThat(answer).as("failed before request returned").isCompletedExceptionally();
            assertThat(catchThrowable(answer::get)).cause().isInstanceOf(MQNotSentException.class)
                    .hasMessageContaining("connection is closed");
            assertThat(connection.inFlightCount()).isZero();
            assertThat(server.requests()).isEmpty();
            pool.close();
        }
    }

    @Test
    void aRequestAfterTheThreadsStoppedIsNotSent() throws Exception {
        // The threads can stop before the channel's close is seen: then the channel still says it is active, and
        // the hand-over to its event loop is what fails. A fake channel holds that moment still.
        ClientResources resources = ClientResources.create(1);
        EventLoop stopped = resources.eventLoopGroup().next();
        resources.close();
        assertThatThrownBy(() -> stopped.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        Connection connection = new Connection(activeChannelOn(stopped), "127.0.0.1:1");

        CompletableFuture<RemotingCommand> answer = connection.request(RemotingCommand.request(10, null, null), 1000);

        assertThat(answer).as("failed before request returned, nobody waits for a timeout that will not come")
                .isCompletedExceptionally();
        assertThat(catchThrowable(answer::get)).cause().isInstanceOf(MQNotSentException.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageContaining("client I/O threads stopped");
        assertThat(connection.inFlightCount()).isZero();
        // and so does every later request: the failed hand-over must not leave a drain marked as scheduled
        assertThat(connection.request(RemotingCommand.request(10, null, null), 1000))
                .as("a second request fails at once too").isCompletedExceptionally();
    }

    /** A channel that says it is active, on the given event loop; anything else asked of it fails the test. */
    private static Channel activeChannelOn(EventLoop eventLoop) {
        return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isActive", "isOpen" -> true;
                    case "eventLoop" -> eventLoop;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "an active channel on a stopped event loop";
                    default -> throw new UnsupportedOperationException("Channel." + method.getName()
                            + " is not expected on a connection whose threads stopped");
                });
    }

    private static ChannelPool pool(ClientResources resources) {
        return new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(3), 1, 16 * 1024 * 1024,
                HeaderSerialization.JSON));
    }
}
