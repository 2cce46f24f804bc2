package dev.mqtemplate.client.route;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRemotingServer.Reply;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A name server restarted with an empty route table answers TOPIC_NOT_EXIST for every topic until its brokers
 * register again (up to 30 s). That answer must not replace a live route with the auto-create template's.
 */
class RouteRefreshTests {

    private static final String LIVE_BROKER = "127.0.0.1:10911";

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void aNameServerThatForgotTheTopicDoesNotReplaceTheCachedRouteWithTheTemplate() throws Exception {
        FakeRemotingServer nameServer = bench.server(knowing("orders"));
        RouteCache routes = routeCache(nameServer.address());
        TopicPublishInfo live = routes.publishInfo("orders").get(5, TimeUnit.SECONDS);
        assertThat(live.viaDefaultTopic()).isFalse();

        nameServer.script(knowing(RouteCache.DEFAULT_TOPIC)); // restarted: knows only what brokers registered so far
        TopicPublishInfo refreshed = routes.refresh("orders").get(5, TimeUnit.SECONDS);

        assertThat(refreshed).isSameAs(live);
        assertThat(routes.publishInfo("orders").getNow(null)).isSameAs(live);
    }

    @Test
    void aNameServerThatDoesNotKnowTheTopicIsNotTheLastWordWhileAnotherDoes() throws Exception {
        FakeRemotingServer empty = bench.server(knowing(RouteCache.DEFAULT_TOPIC));
        FakeRemotingServer knowing = bench.server(knowing("orders"));
        RouteCache routes = routeCache(empty.address() + ";" + knowing.address());

        TopicPublishInfo info = routes.publishInfo("orders").get(5, TimeUnit.SECONDS);

        assertThat(info.viaDefaultTopic()).isFalse();
        assertThat(empty.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC)).hasSize(1);
        assertThat(knowing.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC)).hasSize(1);
    }

    @Test
    void aTopicNoNameServerKnowsStillGetsTheTemplateRouteAtFirst() throws Exception {
        FakeRemotingServer first = bench.server(knowing(RouteCache.DEFAULT_TOPIC));
        FakeRemotingServer second = bench.server(knowing(RouteCache.DEFAULT_TOPIC));
        RouteCache routes = routeCache(first.address() + ";" + second.address());

        TopicPublishInfo info = routes.publishInfo("orders").get(5, TimeUnit.SECONDS);

        assertThat(info.viaDefaultTopic()).isTrue();
        assertThat(info.masterAddresses()).containsValue(LIVE_BROKER);
    }

    @Test
    void aMasterThatMovedIsFollowedAtOnceAndAnUnchangedOneIsNot() throws Exception {
        FakeRemotingServer nameServer = bench.server(knowing("orders"));
        RouteCache routes = routeCache(nameServer.address());
        routes.publishInfo("orders").get(5, TimeUnit.SECONDS);
        assertThat(routes.followMaster(FakeRoles.BROKER_NAME).get(5, TimeUnit.SECONDS)).isFalse();

        String promoted = "127.0.0.1:10999"; // the replica, promoted after its master died
        nameServer.script(knowing("orders", promoted));

        assertThat(routes.followMaster(FakeRoles.BROKER_NAME).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(routes.brokerAddress(FakeRoles.BROKER_NAME)).isEqualTo(promoted);
        assertThat(routes.publishInfo("orders").get(5, TimeUnit.SECONDS).masterAddresses())
                .containsEntry(FakeRoles.BROKER_NAME, promoted);
    }

    @Test
    void aMasterThatMovedIsFollowedForATopicStillRoutedThroughTheTemplate() throws Exception {
        FakeRemotingServer nameServer = bench.server(knowing(RouteCache.DEFAULT_TOPIC));
        RouteCache routes = routeCache(nameServer.address());
        assertThat(routes.publishInfo("orders").get(5, TimeUnit.SECONDS).viaDefaultTopic()).isTrue();

        String promoted = "127.0.0.1:10999";
        nameServer.script(knowing(RouteCache.DEFAULT_TOPIC, promoted));

        assertThat(routes.followMaster(FakeRoles.BROKER_NAME).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(routes.publishInfo("orders").get(5, TimeUnit.SECONDS).masterAddresses())
                .containsEntry(FakeRoles.BROKER_NAME, promoted);
    }

    private RouteCache routeCache(String nameServers) {
        ClientResources resources = bench.add(ClientResources.create(1));
        ChannelPool pool = bench.add(new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(2), 1,
                16 * 1024 * 1024, HeaderSerialization.JSON)));
        return bench.add(new RouteCache(new NameServerLookup(nameServers, pool, Duration.ofSeconds(2)),
                resources.eventLoopGroup(), Duration.ofMinutes(10)));
    }

    /** A name server with a route for {@code topic} only; TOPIC_NOT_EXIST for any other. */
    private static Function<RemotingCommand, Reply> knowing(String topic) {
        return knowing(topic, LIVE_BROKER);
    }

    /** As {@link #knowing(String)}, with the broker's master at {@code master}. */
    private static Function<RemotingCommand, Reply> knowing(String topic, String master) {
        byte[] route = FakeRoles.routeJson(FakeRoles.BROKER_NAME, master);
        return request -> {
            if (request.code() != RequestCode.GET_ROUTEINFO_BY_TOPIC) {
                return null;
            }
            return topic.equals(request.extField("topic"))
                    ? respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), route))
                    : respond(RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "No topic route info",
                            Map.of(), null));
        };
    }
}
