package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Route lookups, the route cache and name-server fail-over against a real name server and broker.
 */
@ExtendWith(LocalRocketMQExtension.class)
class RoutingIntegrationTests {

    private static LocalRocketMQ rocketMQ;

    @BeforeAll
    static void cluster(LocalRocketMQ localRocketMQ) {
        rocketMQ = localRocketMQ;
    }

    @Test
    void aNewTopicIsLookedUpOnceAndThenServedFromTheCache() {
        try (MQTemplate template = MQTemplate.create(config(rocketMQ.nameServerAddress()).build())) {
            NameServerLookup lookup = template.routeCache().nameServerLookup();
            String topic = "it_cache_" + System.nanoTime();

            template.send(topic, "first".getBytes());
            long afterFirst = lookup.lookupCount();
            template.send(topic, "second".getBytes());

            // the first send asks for the topic, is told it does not exist yet, and takes the TBW102 template route
            assertThat(afterFirst).isEqualTo(2);
            assertThat(lookup.lookupCount()).isEqualTo(afterFirst);
            assertThat(template.routeCache().topics()).contains(topic);
        }
    }

    @Test
    void aBrokerNameWithNoKnownAddressTriggersARefetch() {
        try (ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, TransportOptions.DEFAULTS)) {
            NameServerLookup lookup = new NameServerLookup(rocketMQ.nameServerAddress(), pool, Duration.ofSeconds(3));
            try (RouteCache cache = new RouteCache(lookup, resources.eventLoopGroup(), Duration.ofMinutes(5))) {
                assertThat(cache.brokerAddress("broker-a")).isNull();

                String address = cache.resolveBrokerAddress("TBW102", "broker-a").join();

                assertThat(address).isEqualTo(rocketMQ.broker("broker-a").address());
                assertThat(lookup.lookupCount()).isEqualTo(1);
                // now known: no further lookup
                assertThat(cache.resolveBrokerAddress("TBW102", "broker-a").join()).isEqualTo(address);
                assertThat(lookup.lookupCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void aNameServerListWhoseFirstAddressIsDeadStillWorks() {
        String deadFirst = "127.0.0.1:1;" + rocketMQ.nameServerAddress();
        try (MQTemplate template = MQTemplate.create(config(deadFirst).build())) {
            SendResult result = template.send("it_failover_" + System.nanoTime(), "hello".getBytes());

            assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @Test
    void binaryHeadersAreAcceptedByTheBroker() {
        String topic = "it_binary_" + System.nanoTime();
        try (MQTemplate template = MQTemplate.create(config(rocketMQ.nameServerAddress())
                .headerSerialization(HeaderSerialization.BINARY).build())) {
            SendResult result = template.send(MQMessage.builder(topic).tags("bin").keys("k1").body("binary header")
                    .property("p", "v").build());

            List<StoredMessage> stored = rocketMQ.readMessages(topic, 1, Duration.ofSeconds(20));
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).uniqKey()).isEqualTo(result.msgId());
            assertThat(stored.get(0).tags()).isEqualTo("bin");
            assertThat(stored.get(0).properties()).containsEntry("p", "v");
            assertThat(new String(stored.get(0).body())).isEqualTo("binary header");
        }
    }

    @Test
    void theNamesOfTheClusterAndItsBrokersAreRefusedAsTopics() {
        try (MQTemplate template = MQTemplate.create(config(rocketMQ.nameServerAddress()).build())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.send("broker-a", "x".getBytes()))
                    .isInstanceOf(dev.mqtemplate.client.error.MQValidationException.class)
                    .hasMessage("topic 'broker-a' is invalid: is the name of a broker (a RocketMQ system topic)");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.send(LocalRocketMQ.CLUSTER_NAME, "x".getBytes()))
                    .isInstanceOf(dev.mqtemplate.client.error.MQValidationException.class)
                    .hasMessage("topic 'LocalCluster' is invalid: is the name of a cluster (a RocketMQ system topic)");
        }
    }

    private static MQClientConfig.Builder config(String nameServer) {
        return MQClientConfig.builder().nameServer(nameServer);
    }
}
