package dev.mqtemplate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import dev.mqtemplate.test.LocalRocketMQTest;
import dev.mqtemplate.test.TopicMessages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The sample app tested as a user would test theirs: {@code @LocalRocketMQTest} starts a real local RocketMQ (the
 * sample's own embedded one backs off) and points the template at it; messages posted to /messages are read back by
 * the official consumer; metrics and health show on Actuator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sample.demo.count=1")
@LocalRocketMQTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleApplicationIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    LocalRocketMQ rocketMQ;

    @Autowired
    TopicMessages messages;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    dev.mqtemplate.autoconfigure.MQConnectionDetails connectionDetails;

    private RestClient http() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    @Test
    @Order(1)
    void theAnnotationsClusterIsTheOnlyOneAndTheTemplatePointsAtIt() {
        // the sample's EmbeddedRocketMQConfiguration backed off: no second cluster, no second connection details
        assertThat(context.getBeansOfType(LocalRocketMQ.class)).containsOnlyKeys("mqtemplate.test.localRocketMQ");
        assertThat(context.getBeansOfType(dev.mqtemplate.autoconfigure.MQConnectionDetails.class)).hasSize(1);
        assertThat(connectionDetails.nameServer()).isEqualTo(rocketMQ.nameServerAddress());
    }

    @Test
    @Order(1)
    void postedMessageIsStoredAndReadBackByTheOfficialConsumer() {
        String topic = "sample_it_" + System.nanoTime();
        JsonNode result = http().post().uri("/messages").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("topic", topic, "tags", "created", "keys", List.of("order-1", "customer-7"),
                        "body", "hello sample"))
                .retrieve().body(JsonNode.class);

        assertThat(result.get("status").asString()).isEqualTo("SEND_OK");
        List<StoredMessage> stored = messages.await(topic, 1);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).uniqKey()).isEqualTo(result.get("msgId").asString());
        assertThat(stored.get(0).tags()).isEqualTo("created");
        assertThat(stored.get(0).keys()).isEqualTo("order-1 customer-7");
        assertThat(new String(stored.get(0).body())).isEqualTo("hello sample");
        assertThat(stored.get(0).queueOffset()).isEqualTo(result.get("queueOffset").asLong());
    }

    @Test
    @Order(1)
    void orderedAndTimerSendsGoThroughTheEndpoint() {
        String topic = "sample_it_kinds_" + System.nanoTime();
        JsonNode ordered = http().post().uri("/messages").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("topic", topic, "body", "ordered", "shardingKey", "order-42"))
                .retrieve().body(JsonNode.class);
        JsonNode timer = http().post().uri("/messages").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("topic", topic, "body", "later", "delaySeconds", 2))
                .retrieve().body(JsonNode.class);

        assertThat(ordered.get("status").asString()).isEqualTo("SEND_OK");
        assertThat(timer.get("recallHandle").asString()).isNotBlank();
        assertThat(messages.awaitBodies(topic, 2)).containsExactlyInAnyOrder("ordered", "later");
        List<StoredMessage> stored = messages.read(topic);
        assertThat(stored).filteredOn(message -> new String(message.body()).equals("ordered"))
                .allMatch(message -> "order-42".equals(message.properties().get("__SHARDINGKEY")));
    }

    @Test
    @Order(1)
    void aPlacedOrdersEventIsDeliveredAndADeclinedOnesNever() {
        String placed = "order-" + System.nanoTime();
        String declined = "order-" + (System.nanoTime() + 1);
        JsonNode committed = http().post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("id", placed, "item", "book")).retrieve().body(JsonNode.class); // as the README's curl
        String rolledBack = http().post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("id", declined, "item", "lamp", "declined", true))
                .exchange((request, response) -> response.getStatusCode().value() + " "
                        + new String(response.getBody().readAllBytes()));

        assertThat(committed.get("status").asString()).isEqualTo("committed");
        assertThat(rolledBack).startsWith("422 ").contains("declined: rolled back");
        List<StoredMessage> stored = rocketMQ.readMessages(OrderService.TOPIC, 1, Duration.ofSeconds(30));
        assertThat(stored).anyMatch(message -> message.uniqKey().equals(committed.get("msgId").asString())
                && placed.equals(message.keys()));
        assertThat(rocketMQ.readMessagesAt(OrderService.TOPIC, java.time.Instant.now().plusSeconds(3),
                Duration.ofSeconds(30))).noneMatch(message -> declined.equals(message.keys()));
    }

    @Test
    @Order(2)
    void sendMetricShowsCountAndLatency() {
        JsonNode metric = http().get().uri("/actuator/metrics/mq.send").retrieve().body(JsonNode.class);

        assertThat(statistic(metric, "COUNT")).isGreaterThanOrEqualTo(2); // demo message + posted one
        assertThat(statistic(metric, "TOTAL_TIME")).isGreaterThan(0);
        assertThat(statistic(metric, "MAX")).isGreaterThan(0);

        String broker = rocketMQ.brokers().get(0).address();
        JsonNode connections = http().get().uri("/actuator/metrics/mq.connections.open?tag=address:" + broker)
                .retrieve().body(JsonNode.class);
        assertThat(statistic(connections, "VALUE")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void compressionMetricsMoveForALargeCompressibleBodyAndNotForASmallOne() {
        String topic = "sample_compression";
        double compressedBefore = compressedBodies(topic, "true");
        double plainBefore = compressedBodies(topic, "false");

        post(topic, "x".repeat(100));
        assertThat(compressedBodies(topic, "true")).isEqualTo(compressedBefore);
        assertThat(compressedBodies(topic, "false")).isEqualTo(plainBefore + 1);

        post(topic, "compressible text ".repeat(64 * 1024 / 18 + 1).substring(0, 64 * 1024));
        assertThat(compressedBodies(topic, "true")).isEqualTo(compressedBefore + 1);
        JsonNode before = http().get().uri("/actuator/metrics/mq.compression.bytes.before?tag=topic:" + topic)
                .retrieve().body(JsonNode.class);
        JsonNode after = http().get().uri("/actuator/metrics/mq.compression.bytes.after?tag=topic:" + topic)
                .retrieve().body(JsonNode.class);
        assertThat(statistic(before, "TOTAL")).isEqualTo(64 * 1024);
        assertThat(statistic(after, "TOTAL")).isLessThan(64 * 1024 / 10);
    }

    @Test
    @Order(4)
    void invalidMessageIsABadRequestThatNamesTheRule() {
        String answer = http().post().uri("/messages").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("topic", "%DLQ%orders", "body", "x"))
                .exchange((request, response) -> response.getStatusCode().value() + " "
                        + new String(response.getBody().readAllBytes()));

        assertThat(answer).startsWith("400").contains("reserved prefix '%DLQ%'");
    }

    @Test
    @Order(5)
    void healthIsUpWithTheBrokerAndDownOnceBrokerAndNameServerAreStopped() {
        JsonNode up = http().get().uri("/actuator/health").retrieve().body(JsonNode.class);
        assertThat(up.at("/components/mq/status").asString()).isEqualTo("UP");

        rocketMQ.brokers().forEach(broker -> broker.kill());
        rocketMQ.nameServers().forEach(nameServer -> nameServer.kill());

        long started = System.nanoTime();
        String down = http().get().uri("/actuator/health")
                .exchange((request, response) -> new String(response.getBody().readAllBytes()));
        assertThat(down).contains("\"mq\":{").contains("DOWN");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private void post(String topic, String body) {
        http().post().uri("/messages").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("topic", topic, "body", body)).retrieve().toBodilessEntity();
    }

    private double compressedBodies(String topic, String compressed) {
        return http().get().uri("/actuator/metrics/mq.compression.bodies?tag=topic:{t}&tag=compressed:{c}", topic,
                compressed).exchange((request, response) -> response.getStatusCode().value() == 404 ? 0.0
                        : statistic(response.bodyTo(JsonNode.class), "COUNT"));
    }

    private static double statistic(JsonNode metric, String name) {
        for (JsonNode measurement : metric.get("measurements")) {
            if (measurement.get("statistic").asString().equals(name)) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no " + name + " in " + metric);
    }
}
