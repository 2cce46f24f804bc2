package dev.mqtemplate.client;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.closeConnection;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.raw;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.rawThenClose;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRemotingServer.Reply;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The send path against a scripted fake name server and broker: every failure ends as exactly one of the three
 * outcome kinds, promptly, naming what failed; retries follow the rule; close leaves nobody waiting and no thread.
 */
class SendFaultTests {

    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

    /**
     * A timeout a test must not wait out: a step that ends within {@link #NOT_WAITED_OUT_MILLIS} did not wait for it,
     * however busy the machine, where a bound of a few hundred milliseconds could be missed.
     */
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(10);

    private static final long NOT_WAITED_OUT_MILLIS = 3000;

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void closeEverything() throws Exception {
        bench.close();
    }

    // ---- route and connect failures: not sent, naming the address ------------------------------------------

    @Test
    void brokerRefusingConnectionsFailsSyncSendAsNotSentNamingTheBroker() {
        String deadBroker = "127.0.0.1:" + FakeRoles.closedPort();
        MQTemplate template = template(server(FakeRoles.nameServer(deadBroker)).address());

        MQNotSentException error = catchThrowableOfType(() -> template.send(message()), MQNotSentException.class);

        assertThat(error).isNotNull().hasMessageContaining(deadBroker);
        assertThat(error.address()).isEqualTo(deadBroker);
    }

    @Test
    void brokerRefusingConnectionsFailsAsyncSendAsNotSentNamingTheBroker() {
        String deadBroker = "127.0.0.1:" + FakeRoles.closedPort();
        MQTemplate template = template(server(FakeRoles.nameServer(deadBroker)).address());

        Throwable error = failure(template.sendAsync(message()), Duration.ofSeconds(5));

        assertThat(error).isInstanceOf(MQNotSentException.class).hasMessageContaining(deadBroker);
    }

    @Test
    void brokerRefusingConnectionsFailsOnewaySendAsNotSentNamingTheBroker() {
        String deadBroker = "127.0.0.1:" + FakeRoles.closedPort();
        MQTemplate template = template(server(FakeRoles.nameServer(deadBroker)).address());

        assertThatThrownBy(() -> template.sendOneway(message())).isInstanceOf(MQNotSentException.class)
                .hasMessageContaining(deadBroker);
    }

    @Test
    void deadNameServerFailsAsNotSentNamingTheNameServer() {
        String deadNameServer = "127.0.0.1:" + FakeRoles.closedPort();
        MQTemplate template = template(deadNameServer);

        MQNotSentException error = catchThrowableOfType(() -> template.send(message()), MQNotSentException.class);

        assertThat(error).isNotNull().hasMessageContaining(deadNameServer);
        assertThat(error.address()).isEqualTo(deadNameServer);
    }

    @Test
    void deadFirstNameServerIsSkippedForALiveSecondOne() {
        FakeRemotingServer live = nameServerAndBroker();
        MQTemplate template = template("127.0.0.1:" + FakeRoles.closedPort() + ";" + live.address());

        SendResult result = template.send(message());

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(live.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(1);
    }

    @Test
    void hungFirstNameServerCostsOneLookupTimeoutAndNoFailedSend() {
        FakeRemotingServer hung = server(request -> noAnswer());
        FakeRemotingServer live = nameServerAndBroker();
        Duration lookupTimeout = Duration.ofSeconds(1);
        MQTemplate template = template(hung.address() + ";" + live.address(),
                config -> config.lookupTimeout(lookupTimeout).sendTimeout(LONG_TIMEOUT));

        long start = System.nanoTime();
        SendResult first = template.send(message());
        long firstMillis = millisSince(start);

        assertThat(first.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(hung.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC)).hasSize(1);
        assertThat(firstMillis).as("one lookup timeout, then the live name server")
                .isBetween(lookupTimeout.toMillis() - 50, lookupTimeout.toMillis() + 1000);
        // the live one is preferred from now on: a refresh does not wait for the hung one again
        long refreshStart = System.nanoTime();
        template.routeCache().refresh("orders").join();
        assertThat(millisSince(refreshStart)).as("no lookup timeout").isLessThan(lookupTimeout.toMillis());
        assertThat(hung.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC)).hasSize(1);
    }

    @Test
    void topicUnknownWithoutTemplateTopicFailsAsNotSentNamingTheTopic() {
        FakeRemotingServer nameServer = server(request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? FakeRoles.error(request, ResponseCode.TOPIC_NOT_EXIST,
                        "No topic route info in name server for the topic: " + request.extField("topic"))
                : null);
        MQTemplate template = template(nameServer.address());

        assertThatThrownBy(() -> template.send(MQMessage.builder("no_such_topic").body("x").build()))
                .isInstanceOf(MQNotSentException.class).hasMessageContaining("no_such_topic");
    }

    @Test
    void malformedRouteFromTheOnlyNameServerFailsAsNotSentNamingIt() {
        FakeRemotingServer nameServer = server(request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(),
                        "{\"brokerDatas\":[".getBytes(StandardCharsets.UTF_8)))
                : null);
        MQTemplate template = template(nameServer.address());

        assertThatThrownBy(() -> template.send(message())).isInstanceOf(MQNotSentException.class)
                .hasMessageContaining(nameServer.address()).hasMessageContaining("malformed route JSON");
    }

    @Test
    void silentNameServerCostsNoMoreThanTheSendTimeout() {
        FakeRemotingServer nameServer = server(request -> noAnswer());
        MQTemplate template = template(nameServer.address(), config -> config.sendTimeout(SHORT_TIMEOUT)
                .lookupTimeout(LONG_TIMEOUT));

        long start = System.nanoTime();
        Throwable error = failure(template.sendAsync(message()), Duration.ofSeconds(10));

        assertThat(error).isInstanceOf(MQNotSentException.class).hasMessageContaining(nameServer.address());
        assertThat(millisSince(start)).as("the send timeout, not the lookup timeout").isLessThan(NOT_WAITED_OUT_MILLIS);
    }

    // ---- no answer: outcome unknown, bounded by the timeout, retried only when configured --------------------

    @Test
    void silentBrokerGivesOutcomeUnknownAfterTheTimeoutWithoutRetrying() {
        FakeRemotingServer broker = server(request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? noAnswer() : null);
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address(),
                config -> config.sendTimeout(SHORT_TIMEOUT));
        routeAndConnectAhead(template, broker);

        long start = System.nanoTime();
        MQOutcomeUnknownException error = catchThrowableOfType(() -> template.send(message()),
                MQOutcomeUnknownException.class);
        long elapsedMillis = millisSince(start);

        assertThat(error).as("outcome unknown").isNotNull();
        assertThat(elapsedMillis).isBetween(SHORT_TIMEOUT.toMillis() - 50, SHORT_TIMEOUT.toMillis() + 1000);
        List<RemotingCommand> sends = broker.requests(RequestCode.SEND_MESSAGE_V2);
        assertThat(sends).as("not retried by default").hasSize(1);
        assertThat(error.messageId()).isNotNull().isEqualTo(FakeRoles.uniqKey(sends.get(0)));
        assertThat(error.brokerAddress()).isEqualTo(broker.address());
        assertThat(error.mayHaveBeenStored()).isTrue();
    }

    @Test
    void silentBrokerIsRetriedWithTheSameMessageIdWhenUnknownOutcomesAreRetried() {
        AtomicInteger sends = new AtomicInteger();
        FakeRemotingServer broker = server(request -> request.code() != RequestCode.SEND_MESSAGE_V2 ? null
                : sends.incrementAndGet() == 1 ? noAnswer() : FakeRoles.sendOk(request, 7));
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address(),
                config -> config.sendTimeout(Duration.ofMillis(1500)).retryUnknownOutcome(true));
        routeAndConnectAhead(template, broker);

        SendResult result = template.send(message());

        List<RemotingCommand> requests = broker.requests(RequestCode.SEND_MESSAGE_V2);
        assertThat(requests).hasSize(2);
        assertThat(FakeRoles.uniqKey(requests.get(1))).isEqualTo(FakeRoles.uniqKey(requests.get(0)));
        assertThat(result.msgId()).isEqualTo(FakeRoles.uniqKey(requests.get(0)));
        assertThat(result.attempts()).isEqualTo(2);
    }

    @Test
    void lostConnectionIsRetriedWithTheSameMessageIdWhenUnknownOutcomesAreRetried() {
        AtomicInteger sends = new AtomicInteger();
        FakeRemotingServer broker = server(request -> request.code() != RequestCode.SEND_MESSAGE_V2 ? null
                : sends.incrementAndGet() == 1 ? closeConnection() : FakeRoles.sendOk(request, 7));
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address(),
                config -> config.retryUnknownOutcome(true));

        SendResult result = template.send(message());

        List<RemotingCommand> requests = broker.requests(RequestCode.SEND_MESSAGE_V2);
        assertThat(requests).hasSize(2);
        assertThat(FakeRoles.uniqKey(requests.get(1))).isEqualTo(FakeRoles.uniqKey(requests.get(0)));
        assertThat(result.msgId()).isEqualTo(FakeRoles.uniqKey(requests.get(0)));
        assertThat(result.attempts()).isEqualTo(2);
    }

    @Test
    void lateAnswerToATimedOutSendIsDroppedAndTheNextSendGetsItsOwnAnswer() {
        // The broker holds back its answer to the send that times out, and writes it only once the next send has
        // arrived: the late answer, then the next send's own, on the one connection. So the late answer reaches the
        // client while the next send is the only request in flight; a client that matched answers by arrival order,
        // or mixed up opaques, would hand it to the next send (queue offset 1 instead of 2).
        AtomicInteger sends = new AtomicInteger();
        AtomicReference<RemotingCommand> heldBack = new AtomicReference<>();
        FakeRemotingServer broker = server(request -> {
            if (request.code() != RequestCode.SEND_MESSAGE_V2) {
                return null;
            }
            return switch (sends.incrementAndGet()) {
                case 1 -> FakeRoles.sendOk(request, 0);
                case 2 -> {
                    heldBack.set(request);
                    yield noAnswer();
                }
                default -> sequence(FakeRoles.sendOk(heldBack.get(), 1), FakeRoles.sendOk(request, 2));
            };
        });
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address());
        // route and connection in place first, so the short timeout below runs out waiting for the broker alone
        assertThat(template.send(message()).queueOffset()).isZero();
        MQOutcomeUnknownException timedOut = catchThrowableOfType(() -> template.send(message(), SHORT_TIMEOUT),
                MQOutcomeUnknownException.class);

        SendResult next = template.send(message());

        List<RemotingCommand> requests = broker.requests(RequestCode.SEND_MESSAGE_V2);
        assertThat(requests).hasSize(3);
        assertThat(timedOut).as("the held-back send timed out").isNotNull();
        assertThat(timedOut.messageId()).isEqualTo(FakeRoles.uniqKey(requests.get(1)));
        assertThat(next.queueOffset()).as("the next send's own answer, not the late one before it").isEqualTo(2);
        assertThat(next.offsetMsgId()).endsWith("02");
        assertThat(next.msgId()).isEqualTo(FakeRoles.uniqKey(requests.get(2)));
        assertThat(next.attempts()).isEqualTo(1);
        assertThat(broker.connectionsAccepted()).as("the late answer did not break the connection").isEqualTo(1);
        assertThat(broker.openConnections()).isEqualTo(1);
        awaitTrue(() -> template.inFlightCount() == 0, Duration.ofSeconds(1), "in-flight table empty");
    }

    // ---- broker error codes ----------------------------------------------------------------------------------

    @Test
    void busyBrokerIsRetriedAndTheSecondAttemptSucceeds() {
        AtomicInteger sends = new AtomicInteger();
        FakeRemotingServer broker = server(request -> request.code() != RequestCode.SEND_MESSAGE_V2 ? null
                : sends.incrementAndGet() == 1 ? FakeRoles.error(request, ResponseCode.SYSTEM_BUSY, "too busy")
                        : FakeRoles.sendOk(request, 3));
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address());

        SendResult result = template.send(message());

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.queueOffset()).isEqualTo(3);
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(2);
    }

    @Test
    void illegalMessageAnswerIsARejectionWithCodeRemarkAndBrokerAndIsNotRetried() {
        FakeRemotingServer broker = server(request -> request.code() == RequestCode.SEND_MESSAGE_V2
                ? FakeRoles.error(request, ResponseCode.MESSAGE_ILLEGAL, "the message is illegal, maybe msg body")
                : null);
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address());

        MQBrokerRejectedException error = catchThrowableOfType(() -> template.send(message()),
                MQBrokerRejectedException.class);

        assertThat(error).isNotNull().hasMessageContaining("13").hasMessageContaining(broker.address());
        assertThat(error.responseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(error.remark()).isEqualTo("the message is illegal, maybe msg body");
        assertThat(error.brokerAddress()).isEqualTo(broker.address());
        assertThat(error.mayHaveBeenStored()).isFalse();
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).as("not retried").hasSize(1);
    }

    // ---- lost connections and broken streams: outcome unknown at once, then a fresh connection --------------

    @Test
    void brokerClosingAfterTheRequestGivesOutcomeUnknownWellBeforeTheTimeout() {
        FakeRemotingServer broker = server(request -> request.code() == RequestCode.SEND_MESSAGE_V2
                ? closeConnection() : null);
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address(),
                config -> config.sendTimeout(LONG_TIMEOUT));

        long start = System.nanoTime();
        MQOutcomeUnknownException error = catchThrowableOfType(() -> template.send(message()),
                MQOutcomeUnknownException.class);

        assertThat(error).isNotNull();
        assertThat(millisSince(start)).as("no wait for the timeout").isLessThan(NOT_WAITED_OUT_MILLIS);
        assertThat(error.brokerAddress()).isEqualTo(broker.address());
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).as("not retried by default").hasSize(1);
    }

    @Test
    void closedConnectionCompletesEveryRequestInFlightOnItAtOnce() {
        FakeRemotingServer broker = server(request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? noAnswer() : null);
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address(),
                config -> config.sendTimeout(LONG_TIMEOUT));
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(template.sendAsync(message()));
        }
        broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 20, Duration.ofSeconds(5));
        assertThat(futures).noneMatch(CompletableFuture::isDone);

        long start = System.nanoTime();
        broker.closeConnections();
        awaitAll(futures, Duration.ofSeconds(5));

        assertThat(millisSince(start)).as("no wait for the timeout").isLessThan(NOT_WAITED_OUT_MILLIS);
        for (CompletableFuture<SendResult> future : futures) {
            assertThat(failure(future, Duration.ZERO)).isInstanceOf(MQOutcomeUnknownException.class);
        }
        // a future completes a moment before the template forgets it: wait rather than race
        awaitTrue(() -> template.inFlightCount() == 0, Duration.ofSeconds(1), "in-flight table empty");
    }

    static Stream<Arguments> brokenStreams() {
        byte[] garbage = new byte[64];
        new java.util.Random(42).nextBytes(garbage);
        byte[] validFrame = FakeRoles.frame(RemotingCommand.response(ResponseCode.SUCCESS, null,
                Map.of("msgId", "X", "queueId", "0", "queueOffset", "1"), null).withOpaque(1));
        byte[] notJson = "{not json".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                Arguments.of("random garbage", raw(garbage)),
                Arguments.of("text instead of a frame", raw("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),
                Arguments.of("frame truncated by a close", rawThenClose(Arrays.copyOf(validFrame, validFrame.length / 2))),
                Arguments.of("length field of 2 GiB", raw(ByteBuffer.allocate(8).putInt(0x8000_0000).putInt(0).array())),
                Arguments.of("length field of -1", raw(ByteBuffer.allocate(8).putInt(-1).putInt(0).array())),
                Arguments.of("header longer than the frame",
                        raw(ByteBuffer.allocate(12).putInt(8).putInt(1000).putInt(0).array())),
                Arguments.of("frame too short for its header length", raw(ByteBuffer.allocate(6).putInt(2).putShort((short) 0).array())),
                Arguments.of("unknown header serialization",
                        raw(ByteBuffer.allocate(8).putInt(4).putInt(0x7F00_0000).array())),
                Arguments.of("header that is not JSON", raw(ByteBuffer.allocate(8 + notJson.length)
                        .putInt(4 + notJson.length).putInt(notJson.length).put(notJson).array())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStreams")
    void brokenStreamFromTheBrokerClosesTheConnectionAndTheNextSendReconnects(String what, Reply brokenAnswer) {
        AtomicInteger sends = new AtomicInteger();
        FakeRemotingServer broker = server(request -> request.code() != RequestCode.SEND_MESSAGE_V2 ? null
                : sends.incrementAndGet() == 1 ? brokenAnswer : FakeRoles.sendOk(request, 9));
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address(),
                config -> config.sendTimeout(LONG_TIMEOUT));

        long start = System.nanoTime();
        MQOutcomeUnknownException error = catchThrowableOfType(() -> template.send(message()),
                MQOutcomeUnknownException.class);

        assertThat(error).as(what + " ends as outcome unknown").isNotNull();
        assertThat(millisSince(start)).as("no wait for the timeout").isLessThan(NOT_WAITED_OUT_MILLIS);
        awaitTrue(() -> broker.openConnections() == 0, Duration.ofSeconds(2), "connection closed");

        SendResult next = template.send(message());

        assertThat(next.queueOffset()).isEqualTo(9);
        assertThat(broker.connectionsAccepted()).as("reconnected").isEqualTo(2);
    }

    @Test
    void answerWithAnUnknownOpaqueIsIgnored() {
        FakeRemotingServer broker = server(request -> request.code() != RequestCode.SEND_MESSAGE_V2 ? null
                : sequence(respond(RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, "answer to nothing",
                        Map.of(), null).withOpaque(-1 - request.opaque())), FakeRoles.sendOk(request, 5)));
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address());

        SendResult result = template.send(message());

        assertThat(result.queueOffset()).isEqualTo(5);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(broker.openConnections()).as("the stray answer did not close the connection").isEqualTo(1);
    }

    // ---- close --------------------------------------------------------------------------------------------------

    @Test
    void everySendFailsAtOnceAsClosedAfterClose() {
        FakeRemotingServer server = nameServerAndBroker();
        MQTemplate template = template(server.address());
        template.send(message());
        template.close();
        int requestsBefore = server.requests(RequestCode.SEND_MESSAGE_V2).size();

        assertThatThrownBy(() -> template.send(message())).isInstanceOf(MQClosedException.class)
                .hasMessageContaining("MQTemplate is closed");
        CompletableFuture<SendResult> async = template.sendAsync(message());
        assertThat(async).isCompletedExceptionally();
        assertThat(failure(async, Duration.ZERO)).isInstanceOf(MQClosedException.class)
                .hasMessageContaining("MQTemplate is closed");
        assertThatThrownBy(() -> template.sendOneway(message())).isInstanceOf(MQClosedException.class)
                .hasMessageContaining("MQTemplate is closed");
        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(requestsBefore);
    }

    @Test
    void closeIsIdempotent() {
        MQTemplate template = template(nameServerAndBroker().address());
        template.send(message());

        template.close();
        template.close();

        assertThat(template.isClosed()).isTrue();
    }

    @Test
    void idleCloseIsFastAndLeavesNoThread() {
        MQTemplate template = template(nameServerAndBroker().address(), config -> config.closeTimeout(LONG_TIMEOUT));
        template.send(message());

        long start = System.nanoTime();
        template.close();

        assertThat(millisSince(start)).as("no wait for the close timeout").isLessThan(NOT_WAITED_OUT_MILLIS);
        assertThat(liveClientThreads()).isEmpty();
    }

    @Test
    void closeOfANeverUsedTemplateIsFastAndLeavesNoThread() {
        MQTemplate template = template(nameServerAndBroker().address(), config -> config.closeTimeout(LONG_TIMEOUT));

        long start = System.nanoTime();
        template.close();

        assertThat(millisSince(start)).as("no wait for the close timeout").isLessThan(NOT_WAITED_OUT_MILLIS);
        assertThat(liveClientThreads()).isEmpty();
    }

    @Test
    void closeWithSendsInFlightToASilentBrokerCompletesEveryOneAsOutcomeUnknown() {
        Duration closeTimeout = Duration.ofMillis(300);
        FakeRemotingServer broker = server(request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? noAnswer() : null);
        MQTemplate template = template(server(FakeRoles.nameServer(broker.address())).address(),
                config -> config.sendTimeout(LONG_TIMEOUT).closeTimeout(closeTimeout));
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(template.sendAsync(message()));
        }
        broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 5, Duration.ofSeconds(5));

        long start = System.nanoTime();
        template.close();
        awaitAll(futures, Duration.ofSeconds(5));

        assertThat(millisSince(start)).as("the close timeout, not the send timeout").isLessThan(NOT_WAITED_OUT_MILLIS);
        for (CompletableFuture<SendResult> future : futures) {
            assertThat(failure(future, Duration.ZERO)).isInstanceOf(MQOutcomeUnknownException.class);
        }
        assertThat(liveClientThreads()).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private FakeRemotingServer server(Function<RemotingCommand, Reply> script) {
        return bench.server(script);
    }

    private FakeRemotingServer nameServerAndBroker() {
        return bench.nameServerAndBroker();
    }

    private MQTemplate template(String nameServer) {
        return bench.template(nameServer);
    }

    private MQTemplate template(String nameServer, UnaryOperator<MQClientConfig.Builder> customizer) {
        return bench.template(nameServer, customizer);
    }

    /**
     * Looks the route up and connects to the broker before a send with a short timeout, so that the timeout is spent
     * waiting for the broker alone: in a cold JVM the first lookup and connect can take longer than half a second.
     */
    private static void routeAndConnectAhead(MQTemplate template, FakeRemotingServer broker) {
        template.routeCache().refresh("orders").join();
        template.channelPool().acquire(broker.address()).join();
    }

    private static MQMessage message() {
        return FaultBench.message();
    }

    private static long millisSince(long startNanos) {
        return FaultBench.millisSince(startNanos);
    }

    private static Throwable failure(CompletableFuture<?> future, Duration wait) {
        return FaultBench.failure(future, wait);
    }

    private static void awaitAll(List<? extends CompletableFuture<?>> futures, Duration wait) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .exceptionally(ignored -> null).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            long done = futures.stream().filter(CompletableFuture::isDone).count();
            throw new AssertionError(done + " of " + futures.size() + " futures done after " + wait, e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration wait, String what) {
        FaultBench.awaitTrue(condition, wait, what);
    }

    private static List<String> liveClientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("mqtemplate")).toList();
    }
}
