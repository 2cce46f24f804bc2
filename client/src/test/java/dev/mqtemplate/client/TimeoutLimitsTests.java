package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timeouts at the ends of their range: the largest a {@link Duration} holds, as a send timeout or as any duration of
 * the configuration, overflows no deadline and no conversion (sends go through, close is prompt); zero close timeout
 * closes at once.
 */
class TimeoutLimitsTests {

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void closeEverything() throws Exception {
        bench.close();
    }

    /** Long.MAX_VALUE ms overflows as nanoseconds; Long.MAX_VALUE s even as milliseconds (toMillis throws). */
    static Stream<Duration> hugeDurations() {
        return Stream.of(Duration.ofMillis(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE),
                ChronoUnit.FOREVER.getDuration());
    }

    @ParameterizedTest
    @MethodSource("hugeDurations")
    void aSendWithAHugeTimeoutIsSent(Duration timeout) throws Exception {
        MQTemplate template = template(UnaryOperator.identity());

        assertThat(template.send(message(), timeout).status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(template.sendAsync(message(), timeout).get(5, TimeUnit.SECONDS).status())
                .isEqualTo(SendStatus.SEND_OK);
    }

    @ParameterizedTest
    @MethodSource("hugeDurations")
    void aConfigurationOfHugeDurationsBuildsSendsAndClosesPromptly(Duration huge) throws Exception {
        MQTemplate template = template(config -> config.sendTimeout(huge).connectTimeout(huge).lookupTimeout(huge)
                .routeRefreshInterval(huge).heartbeatInterval(huge).closeTimeout(huge).backpressureMaxWait(huge));

        assertThat(template.send(message()).status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(template.sendAsync(message()).get(5, TimeUnit.SECONDS).status()).isEqualTo(SendStatus.SEND_OK);
        template.sendOneway(message());
        long started = System.nanoTime();
        template.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3000);
        assertThat(liveClientThreads()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("hugeDurations")
    void aHugeDurationIsTakenAsTheMaximumTimeout(Duration huge) {
        assertThat(MessageValidator.checkTimeout(huge)).isEqualTo(MessageValidator.MAX_TIMEOUT.toMillis());

        MQClientConfig config = MQClientConfig.builder().nameServer("127.0.0.1:9876").sendTimeout(huge)
                .connectTimeout(huge).lookupTimeout(huge).routeRefreshInterval(huge).heartbeatInterval(huge)
                .closeTimeout(huge).backpressureMaxWait(huge).build();

        assertThat(List.of(config.sendTimeout(), config.connectTimeout(), config.lookupTimeout(),
                config.routeRefreshInterval(), config.heartbeatInterval(), config.closeTimeout(),
                config.backpressureMaxWait())).containsOnly(MessageValidator.MAX_TIMEOUT);
    }

    @Test
    void aTimeoutUpToTheMaximumIsTakenAsGiven() {
        assertThat(MessageValidator.checkTimeout(MessageValidator.MAX_TIMEOUT))
                .isEqualTo(MessageValidator.MAX_TIMEOUT.toMillis());
        assertThat(MessageValidator.checkTimeout(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(MQClientConfig.builder().nameServer("127.0.0.1:9876").sendTimeout(Duration.ofDays(6)).build()
                .sendTimeout()).isEqualTo(Duration.ofDays(6));
    }

    @Test
    void aZeroCloseTimeoutClosesAtOnceAndLeavesNoThread() {
        MQTemplate template = template(config -> config.closeTimeout(Duration.ZERO));
        assertThat(template.send(message()).status()).isEqualTo(SendStatus.SEND_OK);

        long started = System.nanoTime();
        template.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
        assertThat(liveClientThreads()).isEmpty();
    }

    private MQTemplate template(UnaryOperator<MQClientConfig.Builder> customizer) {
        FakeRemotingServer server = FakeRemotingServer.start(request -> null);
        server.script(FakeRoles.nameServerAndBroker(server));
        bench.add(server);
        MQTemplate template = MQTemplate.create(customizer.apply(MQClientConfig.builder().nameServer(server.address()))
                .build());
        bench.add(template);
        return template;
    }

    private static MQMessage message() {
        return MQMessage.builder("orders").body("hello").build();
    }

    private static List<String> liveClientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("mqtemplate")).toList();
    }
}
