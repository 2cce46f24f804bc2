package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Automatic batching with a fake broker that holds the first request, so the next sends wait and go out together:
 * each message's own result, each message's own failure of the batch's kind, and what goes alone.
 */
class AutoBatchingTests {

    private static final AutoBatching ONE_REQUEST_PER_TOPIC = new AutoBatching(true, 128, 32 * 1024, Duration.ZERO, 1);

    private final FaultBench bench = new FaultBench();

    private final CompletableFuture<Void> releaseFirst = new CompletableFuture<>();

    @AfterEach
    void close() throws Exception {
        releaseFirst.complete(null);
        bench.close();
    }

    /** A broker whose first SEND_MESSAGE_V2 is answered once the test releases it; batches go to {@code batches}. */
    private FakeRemotingServer broker(Function<RemotingCommand, FakeRemotingServer.Reply> batches) {
        FakeRemotingServer server = bench.server(request -> null);
        AtomicInteger singles = new AtomicInteger();
        server.script(FakeRoles.nameServerAnd(server, request -> {
            if (request.code() == RequestCode.SEND_MESSAGE_V2) {
                long offset = singles.getAndIncrement();
                FakeRemotingServer.Reply stored = FakeRoles.sendOk(request, offset);
                return offset == 0 ? FakeRemotingServer.after(releaseFirst, stored) : stored;
            }
            return request.code() == RequestCode.SEND_BATCH_MESSAGE ? batches.apply(request) : null;
        }));
        return server;
    }

    private MQTemplate template(FakeRemotingServer server, Duration sendTimeout) {
        return bench.template(server.address(), config -> config.autoBatching(ONE_REQUEST_PER_TOPIC)
                .sendTimeout(sendTimeout));
    }

    /** Sends one message that the broker holds, then {@code count} more that wait behind it. */
    private List<CompletableFuture<SendResult>> firstHeldThen(MQTemplate template, FakeRemotingServer server, int count) {
        CompletableFuture<SendResult> first = template.sendAsync(MQMessage.builder("orders").body("first").build());
        server.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1, Duration.ofSeconds(5));
        List<CompletableFuture<SendResult>> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiting.add(template.sendAsync(MQMessage.builder("orders").keys("k" + i).body("m" + i).build()));
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        releaseFirst.complete(null);
        assertThat(first.join().queueOffset()).isZero();
        return waiting;
    }

    @Test
    void messagesThatWaitedGoOutAsOneBatchAndEachGetsItsOwnIdAndOffset() {
        FakeRemotingServer server = broker(request -> {
            String offsetIds = IntStream.range(0, 5).mapToObj(i -> "7F00000100002A9F00000000000001" + (10 + i))
                    .collect(Collectors.joining(","));
            return FakeRemotingServer.respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                    Map.of("msgId", offsetIds, "queueId", request.extFields().getOrDefault("e", "0"),
                            "queueOffset", "40"), null));
        });
        MQTemplate template = template(server, Duration.ofSeconds(5));

        List<SendResult> results = firstHeldThen(template, server, 5).stream().map(CompletableFuture::join).toList();

        assertThat(server.requests(RequestCode.SEND_BATCH_MESSAGE)).hasSize(1);
        assertThat(results).extracting(SendResult::queueOffset).containsExactly(40L, 41L, 42L, 43L, 44L);
        assertThat(results).extracting(SendResult::offsetMsgId).containsExactly("7F00000100002A9F0000000000000110",
                "7F00000100002A9F0000000000000111", "7F00000100002A9F0000000000000112",
                "7F00000100002A9F0000000000000113", "7F00000100002A9F0000000000000114");
        assertThat(results).extracting(SendResult::msgId).doesNotHaveDuplicates().allMatch(id -> id.length() == 32);
        String batchBody = new String(server.requests(RequestCode.SEND_BATCH_MESSAGE).get(0).body(),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(results).allMatch(result -> batchBody.contains(result.msgId()), "each id is in the batch's records");
    }

    @Test
    void aRejectedBatchRejectsEveryMessageOfIt() {
        FakeRemotingServer server = broker(request -> FakeRoles.error(request, ResponseCode.MESSAGE_ILLEGAL,
                "refused the batch"));
        MQTemplate template = template(server, Duration.ofSeconds(5));

        List<CompletableFuture<SendResult>> waiting = firstHeldThen(template, server, 3);

        for (CompletableFuture<SendResult> future : waiting) {
            MQException failure = FaultBench.failure(future, Duration.ofSeconds(5));
            assertThat(failure).isInstanceOf(MQBrokerRejectedException.class).hasMessageContaining("refused the batch");
            assertThat(failure.mayHaveBeenStored()).isFalse();
        }
    }

    @Test
    void aBatchWithoutAnAnswerLeavesEveryMessageUnknownUnderItsOwnId() {
        FakeRemotingServer server = broker(request -> FakeRemotingServer.noAnswer());
        MQTemplate template = template(server, Duration.ofMillis(1500));

        List<CompletableFuture<SendResult>> waiting = firstHeldThen(template, server, 3);

        List<String> ids = new ArrayList<>();
        for (CompletableFuture<SendResult> future : waiting) {
            MQException failure = FaultBench.failure(future, Duration.ofSeconds(5));
            assertThat(failure).isInstanceOf(MQOutcomeUnknownException.class)
                    .hasMessageContaining("automatic batch of 3 messages");
            ids.add(((MQOutcomeUnknownException) failure).messageId());
        }
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id != null && id.length() == 32);
    }

    @Test
    void messagesABatchCannotCarryGoAloneEvenWhileTheTopicIsBusy() {
        FakeRemotingServer server = broker(request -> FakeRoles.sendOk(request, 100));
        MQTemplate template = template(server, Duration.ofSeconds(5));
        CompletableFuture<SendResult> first = template.sendAsync(MQMessage.builder("orders").body("first").build());
        server.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1, Duration.ofSeconds(5));

        List<CompletableFuture<SendResult>> alone = List.of(
                template.sendAsync(MQMessage.builder("orders").body("x".repeat(8 * 1024)).build()), // compressed
                template.sendAsync(MQMessage.builder("orders").body("later").delay(Duration.ofSeconds(30)).build()),
                template.sendAsync(MQMessage.builder("orders").body("delayed").delayLevel(2).build()),
                template.sendAsync(MQMessage.builder("orders").body("nowait").waitStoreMsgOk(false).build()),
                template.sendAsync(MQMessage.builder("orders").body("ordered").shardingKey("k").build()));

        server.awaitRequests(RequestCode.SEND_MESSAGE_V2, 6, Duration.ofSeconds(5));
        alone.forEach(CompletableFuture::join);
        releaseFirst.complete(null);
        first.join();
        assertThat(server.requests(RequestCode.SEND_BATCH_MESSAGE)).isEmpty();
    }

    @Test
    void closeFailsMessagesStillWaitingAsNotSent() {
        FakeRemotingServer server = broker(request -> FakeRoles.sendOk(request, 0));
        MQTemplate template = bench.template(server.address(), config -> config.autoBatching(ONE_REQUEST_PER_TOPIC)
                .sendTimeout(Duration.ofSeconds(30)).closeTimeout(Duration.ofMillis(200)));
        CompletableFuture<SendResult> first = template.sendAsync(MQMessage.builder("orders").body("first").build());
        server.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1, Duration.ofSeconds(5));
        CompletableFuture<SendResult> waiting = template.sendAsync(MQMessage.builder("orders").body("second").build());

        template.close();

        assertThat(FaultBench.failure(waiting, Duration.ofSeconds(5))).isInstanceOf(MQNotSentException.class)
                .hasMessageContaining("template closed before the automatic batch");
        assertThat(FaultBench.failure(first, Duration.ofSeconds(5))).isInstanceOf(MQOutcomeUnknownException.class);
    }
}
