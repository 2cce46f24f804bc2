package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.testsupport.BrokerTopics;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A template whose only server is a real RocketMQ 5.3.3 Proxy (cluster mode, its own JVM, in front of a real name
 * server and broker): it takes the Proxy's remoting address as its name server, and every request (route lookups,
 * heartbeats, sends) goes to the Proxy, which forwards the sends to the broker named in the request. What was stored
 * is read back with the official consumer through the real name server.
 */
class ProxyIntegrationTests {

    private static LocalRocketMQ cluster;

    private static MQTemplate template;

    @BeforeAll
    static void start() {
        cluster = LocalRocketMQ.builder().proxy(true).start();
        template = MQTemplate.create(MQClientConfig.builder().nameServer(cluster.proxy().address()).build());
    }

    @AfterAll
    static void stop() {
        if (template != null) {
            template.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void syncAsyncOnewayAndBatchSendsThroughTheProxyAreStoredIntact() throws Exception {
        String topic = "it_proxy_" + System.nanoTime();
        // the Proxy sends only to topics that exist, of the message's type (NORMAL when the topic has no
        // message.type attribute)
        BrokerTopics.create(cluster, topic, 4);

        SendResult sync = template.send(message(topic, "sync", 0));
        SendResult async = template.sendAsync(message(topic, "async", 1)).get(30, TimeUnit.SECONDS);
        template.sendOneway(message(topic, "oneway", 2));
        List<MQMessage> batch = new ArrayList<>();
        for (int i = 3; i < 8; i++) {
            batch.add(message(topic, "batch", i));
        }
        BatchSendResult batchResult = template.sendBatch(batch);

        String broker = cluster.brokers().get(0).name();
        assertThat(sync.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(async.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(batchResult.status()).isEqualTo(SendStatus.SEND_OK);
        // the Proxy's routes keep the brokers' names: results name the broker that stored the message
        assertThat(List.of(sync.queue().brokerName(), async.queue().brokerName(), batchResult.queue().brokerName()))
                .containsOnly(broker);
        assertThat(batchResult.msgIds()).hasSize(5).doesNotHaveDuplicates();
        // the Proxy answers routes with its own address for every broker: the template connects to it alone
        assertThat(template.status().knownBrokers()).containsEntry(broker, cluster.proxy().address());
        assertThat(template.status().openConnections()).containsOnlyKeys(cluster.proxy().address());

        Map<String, StoredMessage> stored = cluster.readMessages(topic, 8, Duration.ofSeconds(30)).stream()
                .collect(Collectors.toMap(m -> m.properties().get("index"), m -> m));
        assertThat(stored).hasSize(8);
        for (int i = 0; i < 8; i++) {
            StoredMessage message = stored.get(Integer.toString(i));
            String mode = i == 0 ? "sync" : i == 1 ? "async" : i == 2 ? "oneway" : "batch";
            assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo(mode + " body " + i + " grüß 世界");
            assertThat(message.tags()).isEqualTo(mode);
            assertThat(message.keys()).isEqualTo("key-" + i + " other-" + i);
            assertThat(message.properties()).containsEntry("mode", mode).containsEntry("greeting", "grüß dich, 世界");
            assertThat(message.brokerName()).isEqualTo(broker);
        }
        assertThat(stored.get("0").uniqKey()).isEqualTo(sync.msgId());
        assertThat(stored.get("1").uniqKey()).isEqualTo(async.msgId());
        assertThat(List.of(3, 4, 5, 6, 7)).extracting(i -> stored.get(Integer.toString(i)).uniqKey())
                .containsExactlyElementsOf(batchResult.msgIds());
    }

    @Test
    void aSendToATopicThatDoesNotExistIsRefusedByTheProxyInsteadOfCreatingIt() {
        // a broker with autoCreateTopicEnable creates the topic on a direct send; the Proxy checks the topic's
        // message type first, and a topic it cannot find has none
        String topic = "it_proxy_missing_" + System.nanoTime();

        Throwable thrown = catchThrowable(() -> template.send(message(topic, "sync", 0)));

        assertThat(thrown).isInstanceOf(MQBrokerRejectedException.class);
        MQBrokerRejectedException rejected = (MQBrokerRejectedException) thrown;
        assertThat(rejected.responseCode()).isEqualTo(13);
        assertThat(rejected.remark()).contains("TopicMessageType validate failed");
        assertThat(rejected.brokerAddress()).isEqualTo(cluster.proxy().address());
    }

    @Test
    void aTimerMessageToANormalTopicIsRefusedByTheProxy() {
        String topic = "it_proxy_normal_" + System.nanoTime();
        BrokerTopics.create(cluster, topic, 4);

        Throwable thrown = catchThrowable(() -> template.send(MQMessage.builder(topic)
                .delay(Duration.ofSeconds(5)).body("later").build()));

        assertThat(thrown).isInstanceOf(MQBrokerRejectedException.class);
        MQBrokerRejectedException rejected = (MQBrokerRejectedException) thrown;
        assertThat(rejected.responseCode()).isEqualTo(13);
        assertThat(rejected.remark()).contains("expected type is NORMAL, but actual type is DELAY");
    }

    private static MQMessage message(String topic, String mode, int index) {
        return MQMessage.builder(topic).tags(mode).keys("key-" + index, "other-" + index)
                .property("index", Integer.toString(index)).property("mode", mode)
                .property("greeting", "grüß dich, 世界").body(mode + " body " + index + " grüß 世界").build();
    }
}
