package dev.mqtemplate.client.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.testsupport.FakeRemotingServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Fake servers and templates for one test, closed together in reverse order of creation; and the waits fault tests
 * share. Use one per test (a field closed in {@code @AfterEach}).
 */
public final class FaultBench implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** A fake server running {@code script}. */
    public FakeRemotingServer server(Function<RemotingCommand, Reply> script) {
        return add(FakeRemotingServer.start(script));
    }

    /** One fake server that is name server and broker, storing every message. */
    public FakeRemotingServer nameServerAndBroker() {
        FakeRemotingServer server = server(request -> null);
        return server.script(FakeRoles.nameServerAndBroker(server));
    }

    /** A template on {@code nameServer} with short lookup and connect timeouts, customized. */
    public MQTemplate template(String nameServer, UnaryOperator<MQClientConfig.Builder> customizer) {
        return add(MQTemplate.create(customizer.apply(MQClientConfig.builder().nameServer(nameServer)
                .lookupTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2))).build()));
    }

    public MQTemplate template(String nameServer) {
        return template(nameServer, UnaryOperator.identity());
    }

    /** Closes {@code resource} with the bench. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        for (AutoCloseable resource : reversed) {
            resource.close();
        }
    }

    /** A small message to topic {@code orders}. */
    public static MQMessage message() {
        return MQMessage.builder("orders").tags("created").keys("order-1").body("hello").build();
    }

    /** The {@link MQException} a future fails with, within {@code wait}; fails the test otherwise. */
    public static MQException failure(CompletableFuture<?> future, Duration wait) {
        try {
            future.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("futures fail with an MQException only").isInstanceOf(MQException.class);
            return (MQException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail within " + wait + ": " + e, e);
        }
        throw new AssertionError("future succeeded: " + future.join());
    }

    /** Waits until {@code condition} holds, checking every few milliseconds; fails the test after {@code wait}. */
    public static void awaitTrue(BooleanSupplier condition, Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + wait);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Milliseconds since {@code startNanos}. */
    public static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
