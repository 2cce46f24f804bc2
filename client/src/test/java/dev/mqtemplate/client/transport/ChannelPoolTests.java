package dev.mqtemplate.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the pool makes its connections: host names looked up off the I/O threads (a lookup blocks), IP literals not
 * looked up at all, a failed lookup reported as not sent; timeouts at the ends of their range.
 */
class ChannelPoolTests {

    private static final TransportOptions OPTIONS = new TransportOptions(Duration.ofSeconds(3), 1,
            FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, HeaderSerialization.JSON);

    @Test
    void aSlowHostNameLookupLeavesTheIoThreadFreeForTheConnectionsItServes() throws Exception {
        CountDownLatch slowLookupStarted = new CountDownLatch(1);
        HostResolver slow = host -> {
            if (host.equals("slow.example")) {
                slowLookupStarted.countDown();
                sleep(500);
            }
            return InetAddress.getLoopbackAddress();
        };
        try (FakeRemotingServer server = FakeRemotingServer.start(request -> null);
                ClientResources resources = ClientResources.create(1); // one I/O thread serves every connection
                ChannelPool pool = new ChannelPool(resources, OPTIONS, slow)) {
            Connection existing = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);

            CompletableFuture<Connection> byName = pool.acquire("slow.example:" + server.port());
            assertThat(slowLookupStarted.await(5, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            RemotingCommand answer = existing.request(heartbeat(), 5000).get(5, TimeUnit.SECONDS);
            long answeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(answer.code()).isZero();
            assertThat(answeredMillis).as("answered while the lookup still ran").isLessThan(300);
            assertThat(byName.get(5, TimeUnit.SECONDS).isActive()).isTrue();
        }
    }

    @Test
    void anIpLiteralIsConnectedToWithoutALookup() throws Exception {
        List<String> lookedUp = new CopyOnWriteArrayList<>();
        HostResolver recording = host -> {
            lookedUp.add(host);
            return InetAddress.getLoopbackAddress();
        };
        try (FakeRemotingServer server = FakeRemotingServer.start(request -> null);
                ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, OPTIONS, recording)) {
            Connection connection = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);

            assertThat(connection.request(heartbeat(), 5000).get(5, TimeUnit.SECONDS).code()).isZero();
            assertThat(lookedUp).isEmpty();
        }
    }

    @Test
    void localhostConnects() throws Exception {
        try (FakeRemotingServer server = FakeRemotingServer.start(request -> null);
                ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, OPTIONS)) {
            Connection connection = pool.acquire("localhost:" + server.port()).get(5, TimeUnit.SECONDS);

            assertThat(connection.address()).isEqualTo("localhost:" + server.port());
            assertThat(connection.request(heartbeat(), 5000).get(5, TimeUnit.SECONDS).code()).isZero();
        }
    }

    @Test
    void aHostNameThatDoesNotResolveIsNotSentNamingTheAddress() {
        HostResolver failing = host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        };
        try (ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, OPTIONS, failing)) {
            Throwable failure = catchThrowable(() -> pool.acquire("nowhere.example:9876").get(5, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(MQNotSentException.class)
                    .hasMessage("cannot resolve nowhere.example:9876: nowhere.example: Name or service not known");
            assertThat(((MQNotSentException) failure.getCause()).address()).isEqualTo("nowhere.example:9876");
        }
    }

    @Test
    void aConnectTimeoutBeyondNettysIntMillisIsTakenAsTheLongestItHolds() throws Exception {
        // Netty takes the connect timeout as an int of milliseconds: a longer one must not wrap around to negative
        TransportOptions options = new TransportOptions(Duration.ofSeconds(Long.MAX_VALUE), 1,
                FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, HeaderSerialization.JSON);
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));

        try (FakeRemotingServer server = FakeRemotingServer.start(request -> null);
                ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, options)) {
            Connection connection = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);

            assertThat(connection.request(heartbeat(), 5000).get(5, TimeUnit.SECONDS).code()).isZero();
        }
    }

    private static RemotingCommand heartbeat() {
        return RemotingCommand.request(RequestCode.HEART_BEAT, null, null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
