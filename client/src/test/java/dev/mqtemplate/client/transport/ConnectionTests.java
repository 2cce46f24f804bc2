package dev.mqtemplate.client.transport;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.delayed;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Matching answers to requests by opaque, with many requests in flight on one connection and answers arriving in
 * any order: every request gets its own answer, once, and the table of requests in flight empties.
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
    void aRequestAfterTheThreadsStoppedIsNotSent() throws Exception {
        try (FakeRemotingServer server = FakeRemotingServer.start(request -> noAnswer())) {
            ClientResources resources = ClientResources.create(1);
            ChannelPool pool = pool(resources);
            Connection connection = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);
            resources.close();

            Throwable failure = catchThrowable(() -> connection.request(RemotingCommand.request(10, null, null), 1000)
                    .get(5, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(MQNotSentException.class);
            pool.close();
        }
    }

    private static ChannelPool pool(ClientResources resources) {
        return new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(3), 1, 16 * 1024 * 1024,
                HeaderSerialization.JSON));
    }
}
