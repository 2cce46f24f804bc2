package dev.mqtemplate.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transport the I/O threads run on: native epoll where Netty's library loads (on Linux x86-64 it must: the
 * benchmark figures assume it), NIO when asked or elsewhere.
 */
class ClientResourcesTests {

    @Test
    void usesNativeEpollOnLinuxX8664() {
        boolean linuxX8664 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").equals("amd64");
        try (ClientResources resources = ClientResources.create(1)) {
            if (linuxX8664) {
                assertThat(Epoll.isAvailable()).as("native epoll loads: %s", Epoll.unavailabilityCause()).isTrue();
            }
            assertThat(resources.transport()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
            assertThat(resources.socketChannelType().getSimpleName())
                    .isEqualTo(Epoll.isAvailable() ? "EpollSocketChannel" : "NioSocketChannel");
        }
    }

    @Test
    void usesNioWhenNativeIsNotWanted() {
        try (ClientResources resources = ClientResources.create(1, false)) {
            assertThat(resources.transport()).isEqualTo("nio");
            assertThat(resources.socketChannelType().getSimpleName()).isEqualTo("NioSocketChannel");
        }
    }

    @Test
    void knowsItsOwnIoThreads() throws Exception {
        try (ClientResources resources = ClientResources.create(1); ClientResources other = ClientResources.create(1)) {
            assertThat(resources.inIoThread()).isFalse();
            assertThat(resources.eventLoopGroup().submit(resources::inIoThread).get()).isTrue();
            assertThat(other.eventLoopGroup().submit(resources::inIoThread).get()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, Long.MAX_VALUE })
    void closeWithANegativeOrHugeTimeoutStillStopsEveryThread(long seconds) {
        // Netty refuses a negative shutdown timeout; Long.MAX_VALUE seconds overflows as nanoseconds
        ClientResources resources = ClientResources.create(2);
        resources.eventLoopGroup().forEach(loop -> loop.execute(() -> { })); // threads start on their first task

        resources.close(Duration.ofSeconds(seconds));

        assertThat(resources.isClosed()).isTrue();
        assertThat(liveThreads("mqtemplate-io")).isEmpty();
    }

    @Test
    void closeEndsTheResolverThreadsToo() throws Exception {
        ClientResources resources = ClientResources.create(1);
        CountDownLatch ran = new CountDownLatch(2);
        resources.resolverExecutor().execute(ran::countDown);
        resources.resolverExecutor().execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(liveThreads("mqtemplate-resolver-")).isNotEmpty();

        resources.close();

        assertThat(liveThreads("mqtemplate-resolver-")).isEmpty();
        assertThat(liveThreads("mqtemplate-io")).isEmpty();
    }

    static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).toList();
    }
}
