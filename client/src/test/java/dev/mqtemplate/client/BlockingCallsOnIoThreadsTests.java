package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callbacks of async sends run on the template's I/O threads, where a blocking call would wait for work only that
 * thread can do. Blocking calls refuse to run there; close hands its waiting to a thread of its own.
 */
class BlockingCallsOnIoThreadsTests {

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void aBlockingOnewayFromAnAsyncCallbackIsRefusedAndTheAsyncOneIsWritten() throws Exception {
        FakeRemotingServer server = bench.nameServerAndBroker();
        MQTemplate template = bench.template(server.address());

        CompletableFuture<Throwable> blocking = template.sendAsync(FaultBench.message()).handle((result, error) -> {
            try {
                template.sendOneway(FaultBench.message());
                return null;
            } catch (RuntimeException refused) {
                return refused;
            }
        });
        CompletableFuture<Void> async = template.sendAsync(FaultBench.message())
                .thenCompose(result -> template.sendOnewayAsync(FaultBench.message()));

        assertThat(blocking.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would deadlock");
        assertThat(async).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void closeFromAnAsyncCallbackReturnsAtOnceAndTheTemplateStillClosesFully() throws Exception {
        FakeRemotingServer server = bench.nameServerAndBroker();
        MQTemplate template = MQTemplate.create(MQClientConfig.builder().nameServer(server.address())
                .closeTimeout(Duration.ofSeconds(10)).build());

        CompletableFuture<Long> closeMillis = template.sendAsync(FaultBench.message()).thenApply(result -> {
            long start = System.nanoTime();
            template.close();
            return FaultBench.millisSince(start);
        });

        // far below the 10 s close timeout it would otherwise wait out on the very thread it waits for
        assertThat(closeMillis.get(5, TimeUnit.SECONDS)).isLessThan(2_000);
        assertThat(template.isClosed()).isTrue();
        FaultBench.awaitTrue(() -> Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).noneMatch(name -> name.startsWith("mqtemplate")), Duration.ofSeconds(10),
                "no mqtemplate thread left after the close");
    }
}
