package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.BrokerHealth.FaultKind;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe brings back a broker only when a heartbeat answer proves what failed: the connection. Isolation here is
 * a minute long, so a broker available again within the test was brought back by the probe, not by its back-off.
 */
class BrokerProbeTests {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);

    private final FaultBench bench = new FaultBench();

    private final BrokerHealth health = new BrokerHealth(Duration.ofMinutes(1), Duration.ofMinutes(1));

    private FakeRemotingServer broker;

    @BeforeEach
    void start() throws Exception {
        broker = bench.nameServerAndBroker();
        ClientResources resources = ClientResources.create(1);
        bench.add(resources);
        ChannelPool pool = bench.add(new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(2), 1,
                16 * 1024 * 1024, HeaderSerialization.JSON)));
        RouteCache routes = bench.add(new RouteCache(new NameServerLookup(broker.address(), pool,
                Duration.ofSeconds(2)), resources.eventLoopGroup(), Duration.ofMinutes(1)));
        routes.publishInfo("orders").get(5, TimeUnit.SECONDS);
        HeartbeatSender heartbeat = bench.add(new HeartbeatSender(routes, pool, "probe_group",
                resources.eventLoopGroup(), Duration.ofMinutes(1)));
        bench.add(new BrokerProbe(health, routes, pool, heartbeat, resources.eventLoopGroup(), PROBE_INTERVAL));
    }

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void aHeartbeatAnswerBringsBackABrokerIsolatedForAConnectionFault() {
        health.recordFault(FakeRoles.BROKER_NAME, FaultKind.CONNECTION);

        FaultBench.awaitTrue(() -> health.isAvailable(FakeRoles.BROKER_NAME), Duration.ofSeconds(5),
                "the probe clears a broker that answers again");
        assertThat(broker.requests(RequestCode.HEART_BEAT)).isNotEmpty();
    }

    @Test
    void aBrokerIsolatedForATimeoutIsNotBroughtBackByAHeartbeatAnswer() throws Exception {
        health.recordFault(FakeRoles.BROKER_NAME, FaultKind.RESPONSE);

        // ten probe intervals: a probe that cleared on any heartbeat answer would have done so by now
        Thread.sleep(PROBE_INTERVAL.toMillis() * 10);

        assertThat(health.isAvailable(FakeRoles.BROKER_NAME)).isFalse();
        assertThat(broker.requests(RequestCode.HEART_BEAT)).as("a heartbeat proves nothing about a hung store")
                .isEmpty();
    }
}
