package dev.mqtemplate.client;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.noAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.error.MQBackpressureException;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.send.BackpressurePolicy;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Async back-pressure against a broker that does not answer: the in-flight limits hold, by count and by bytes, under
 * both policies, and room frees up as sends complete.
 */
class BackpressureTests {

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
        broker = FakeRemotingServer.start(request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? noAnswer() : null);
        nameServer = FakeRemotingServer.start(FakeRoles.nameServer(broker.address()));
        template = MQTemplate.builder(config.nameServer(nameServer.address()).sendTimeout(Duration.ofSeconds(2))
                .closeTimeout(Duration.ofMillis(100)).build()).metrics(metrics).build();
        return template;
    }

    @Test
    void failPolicyRefusesTheSendOverTheCountLimitAtOnce() {
        open(MQClientConfig.builder().maxInFlight(10).backpressurePolicy(BackpressurePolicy.FAIL), SendMetrics.NONE);
        List<CompletableFuture<SendResult>> accepted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            accepted.add(template.sendAsync(message(100)));
        }

        long started = System.nanoTime();
        CompletableFuture<SendResult> refused = template.sendAsync(message(100));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(100);
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

        assertThat(blockedMillis).isBetween(250L, 1500L);
        assertThat(causeOf(refused)).isInstanceOf(MQBackpressureException.class).hasMessageContaining("300 ms");
        assertThat(waited.get()).isZero(); // a wait that ended in refusal is not a send that waited
    }

    @Test
    void roomFreesUpWhenSendsCompleteSoABlockedSendGoesThrough() {
        AtomicLong waited = new AtomicLong();
        open(MQClientConfig.builder().maxInFlight(1).backpressurePolicy(BackpressurePolicy.BLOCK)
                .backpressureMaxWait(Duration.ofSeconds(5)).sendTimeout(Duration.ofMillis(300)), new SendMetrics() {
                    @Override
                    public void backpressureWaited(String topic, long nanos) {
                        waited.addAndGet(nanos);
                    }
                });
        CompletableFuture<SendResult> first = template.sendAsync(message(10), Duration.ofMillis(300));

        CompletableFuture<SendResult> second = template.sendAsync(message(10), Duration.ofMillis(300));

        // the first timed out (outcome unknown), which freed the room the second waited for; room is given back just
        // before the first's future completes, so allow that a moment
        assertThat(first).failsWithin(Duration.ofSeconds(1));
        assertThat(second).isNotNull();
        assertThat(waited.get()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(200));
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

    private static Throwable causeOf(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
