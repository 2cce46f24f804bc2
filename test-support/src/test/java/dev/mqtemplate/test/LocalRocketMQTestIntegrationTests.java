package dev.mqtemplate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.autoconfigure.MQConnectionDetails;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

/**
 * The README's example, run: a Boot app with no {@code mq.name-server} and {@code @LocalRocketMQTest} sends to the
 * local cluster and reads the message back.
 */
@SpringBootTest
@LocalRocketMQTest
class LocalRocketMQTestIntegrationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Autowired
    MQTemplate template;

    @Autowired
    TopicMessages messages;

    @Autowired
    LocalRocketMQ rocketMQ;

    @Autowired
    MQConnectionDetails connectionDetails;

    @Test
    void theTemplateSendsToTheLocalClusterAndTheMessageIsReadBack() {
        String topic = "lrt_" + System.nanoTime();
        template.send(topic + ":created", "order 42".getBytes(StandardCharsets.UTF_8));

        List<StoredMessage> stored = messages.await(topic, 1);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).tags()).isEqualTo("created");
        assertThat(new String(stored.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("order 42");
        assertThat(messages.awaitBodies(topic, 1)).containsExactly("order 42");
        assertThat(connectionDetails.nameServer()).isEqualTo(rocketMQ.nameServerAddress());
    }

    @Test
    void awaitFailsNamingWhatItFoundWhenTooFewAreThere() {
        String topic = "lrt_few_" + System.nanoTime();
        template.send(topic, "only one".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> messages.await(topic, 2, Duration.ofSeconds(2))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected at least 2 message(s) in topic " + topic)
                .hasMessageContaining("found 1: [only one]");
    }
}
