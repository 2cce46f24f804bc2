package dev.mqtemplate.client;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.after;
import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.error.MQBackpressureException;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.send.BackpressurePolicy;
import dev.mqtemplate.client.send.InFlightLimiter;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRemotingServer.Reply;
import dev.mqtemplate.client.testsupport.FakeRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Async back-pressure against a broker that does not answer: the in-flight limits hold, by count and by bytes, under
 * both policies, and room frees up as sends complete.
 */
class BackpressureTests {

    /**
     * A wait a test must not sit out: sends time out after it, so room frees up only when the test lets it. A call
     * that returns within {@link #NOT_WAITED_OUT_MILLIS} did not wait for it, however busy the machine.
     */
    private static final Duration LONG = Duration.ofSeconds(10);

    private static final long NOT_WAITED_OUT_MILLIS = 3000;

    private FakeRemotingServer broker;

    private FakeRemotingServer nameServer;

    private MQTemplate template;

    @AfterEach
    void close() {
        template.close();
        nameServer.close();
        broker.close();
    }

    private MQTemplate open(MQClientConfig.Builder config, SendMetrics metrics) {
        return open(config, metrics, request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? noAnswer() : null);
    }

    private MQTemplate open(MQClientConfig.Builder config, SendMetrics metrics,
            Function<RemotingCommand, Reply> brokerScript) {
        broker = FakeRemotingServer.start(brokerScript);
        nameServer = FakeRemotingServer.start(FakeRoles.nameServer(broker.address()));
        template = MQTemplate.builder(config.nameServer(nameServer.address()).sendTimeout(LONG)
                .closeTimeout(Duration.ofMillis(100)).build()).metrics(metrics).build();
        return template;
    }

    @Test
    void failPolicyRefusesTheSendOverTheCountLimitAtOnce() {
        open(MQClientConfig.builder().maxInFlight(10).backpressurePolicy(BackpressurePolicy.FAIL)
                .backpressureMaxWait(LONG), SendMetrics.NONE);
        List<CompletableFuture<SendResult>> accepted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            accepted.add(template.sendAsync(message(100)));
        }

        long started = System.nanoTime();
        CompletableFuture<SendResult> refused = template.sendAsync(message(100));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .as("refused without waiting for room or for the maximum wait").isLessThan(NOT_WAITED_OUT_MILLIS);
        assertThat(refused).isCompletedExceptionally();
        assertThat(causeOf(refused)).isInstanceOf(MQBackpressureException.class)
                .hasMessageContaining("10 sends").hasMessageContaining("limit (10 sends");
        assertThat(accepted).noneMatch(CompletableFuture::isDone);
        assertThat(broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 10, Duration.ofSeconds(2))).hasSize(10);
    }

    @Test
    void blockPolicyWaitsUpToItsMaximumThenFailsAndRecordsTheWait() {
        AtomicLong waited = new AtomicLong();
        open(MQClientConfig.builder().maxInFlight(2).backpressurePolicy(BackpressurePolicy.BLOCK)
                .backpressureMaxWait(Duration.ofMillis(300)), new SendMetrics() {
                    @Override
                    public void backpressureWaited(String topic, long nanos) {
                        waited.addAndGet(nanos);
                    }
                });
        template.sendAsync(message(10));
        template.sendAsync(message(10));

        long started = System.nanoTime();
        CompletableFuture<SendResult> refused = template.sendAsync(message(10));
        long blockedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // gave up at its maximum, not when room freed up (the sends in flight time out only after LONG)
        assertThat(blockedMillis).isBetween(250L, NOT_WAITED_OUT_MILLIS);
        assertThat(causeOf(refused)).isInstanceOf(MQBackpressureException.class).hasMessageContaining("300 ms");
        assertThat(waited.get()).isZero(); // a wait that ended in refusal is not a send that waited
    }

    @Test
    void roomFreesUpWhenSendsCompleteSoABlockedSendGoesThrough() throws Exception {
        CompletableFuture<Void> answerTheFirst = new CompletableFuture<>();
        AtomicInteger sends = new AtomicInteger();
        AtomicLong waited = new AtomicLong();
        open(MQClientConfig.builder().maxInFlight(1).backpressurePolicy(BackpressurePolicy.BLOCK)
                .backpressureMaxWait(LONG), new SendMetrics() {
                    @Override
                    public void backpressureWaited(String topic, long nanos) {
                        waited.addAndGet(nanos);
                    }
                }, request -> request.code() != RequestCode.SEND_MESSAGE_V2 ? null
                        : sends.incrementAndGet() == 1 ? after(answerTheFirst, FakeRoles.sendOk(request, 1))
                        : FakeRoles.sendOk(request, 2));
        CompletableFuture<SendResult> first = template.sendAsync(message(10));
        broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1, Duration.ofSeconds(5));

        CompletableFuture<CompletableFuture<SendResult>> second = new CompletableFuture<>();
        Thread sender = new Thread(() -> second.complete(template.sendAsync(message(10))), "second-sender");
        sender.setDaemon(true);
        sender.start();
        awaitWaitingForRoom(sender);
        long heldFrom = System.nanoTime();
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).as("the second waits unsent").hasSize(1);
        assertThat(first).isNotDone();
        Thread.sleep(20); // a wait long enough to be recorded (over a millisecond)
        long heldNanos = System.nanoTime() - heldFrom;
        answerTheFirst.complete(null);

        assertThat(first).succeedsWithin(Duration.ofSeconds(5)).extracting(SendResult::queueOffset).isEqualTo(1L);
        assertThat(second).as("the second is let go once the first is answered").succeedsWithin(Duration.ofSeconds(5));
        assertThat(second.join()).as("the blocked send went through").succeedsWithin(Duration.ofSeconds(5))
                .extracting(SendResult::queueOffset).isEqualTo(2L);
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(2);
        // it was waiting before heldFrom and could go on only after the first's answer
        assertThat(waited.get()).as("recorded wait").isGreaterThanOrEqualTo(heldNanos);
    }

    @Test
    void theByteLimitHoldsToo() {
        open(MQClientConfig.builder().maxInFlight(1000).maxInFlightBytes(1000)
                .backpressurePolicy(BackpressurePolicy.FAIL), SendMetrics.NONE);
        template.sendAsync(message(600));

        CompletableFuture<SendResult> refused = template.sendAsync(message(600));

        assertThat(causeOf(refused)).isInstanceOf(MQBackpressureException.class).hasMessageContaining("600 bytes");
    }

    private static MQMessage message(int size) {
        return MQMessage.builder("orders").body(new byte[size]).build();
    }

    /** Waits until {@code thread} is parked in the in-flight limiter, waiting for room. */
    private static void awaitWaitingForRoom(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(thread.getState() == Thread.State.TIMED_WAITING && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(InFlightLimiter.class.getName())
                        && frame.getMethodName().equals("acquire")))) {
            assertThat(thread.isAlive()).as("the second send returned without waiting for room").isTrue();
            assertThat(System.nanoTime() - deadline).as("the second send waits for room within 5 s").isNegative();
            Thread.sleep(2);
        }
    }

    private static Throwable causeOf(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
