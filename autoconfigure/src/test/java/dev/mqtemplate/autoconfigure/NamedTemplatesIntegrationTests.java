package dev.mqtemplate.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.autoconfigure.health.MQHealthContributorAutoConfiguration;
import dev.mqtemplate.autoconfigure.messaging.MQMessagingAutoConfiguration;
import dev.mqtemplate.autoconfigure.messaging.MQMessagingTemplate;
import dev.mqtemplate.autoconfigure.metrics.MQMetricsAutoConfiguration;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Two real clusters from one application's YAML: the unnamed template and a named one ({@code mq.templates.orders.*},
 * its own producer group) on a plain cluster, a second named one ({@code mq.templates.secure.*}) on a cluster that
 * enforces TLS, with its own name server and SSL bundle. Each
 * message is stored in its template's cluster and nowhere else, each template's sends are timed under its own
 * {@code template} tag, the named template's {@code MQMessagingTemplate} converts through it, and health shows each
 * cluster UP.
 */
@ExtendWith(LocalRocketMQExtension.class)
class NamedTemplatesIntegrationTests {

    @Test
    void twoNamedTemplatesSendToTheirOwnClusters(LocalRocketMQ plain) {
        LocalRocketMQ secure = TlsTestCluster.get();
        String topic = "it_named_" + System.nanoTime();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class, SslAutoConfiguration.class,
                        MQMetricsAutoConfiguration.class, MQHealthContributorAutoConfiguration.class,
                        MQMessagingAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("mq.name-server=" + plain.nameServerAddress(), "mq.producer-group=it_named",
                        "spring.ssl.bundle.pem.secure-ca.truststore.certificate=file:" + secure.tls().caCertificate(),
                        "mq.templates.secure.name-server=" + secure.nameServerAddress(),
                        "mq.templates.secure.ssl.bundle=secure-ca",
                        "mq.templates.secure.producer-group=it_named_secure",
                        "mq.templates.orders.name-server=" + plain.nameServerAddress(),
                        "mq.templates.orders.producer-group=it_named_orders")
                .run(context -> {
                    MQTemplate primary = context.getBean(MQTemplate.class);
                    MQTemplate named = BeanFactoryAnnotationUtils.qualifiedBeanOfType(
                            context.getAutowireCapableBeanFactory(), MQTemplate.class, "secure");

                    SendResult toPlain = primary.send(topic, "to the plain cluster".getBytes(StandardCharsets.UTF_8));
                    SendResult toSecure = named.send(topic, "to the TLS cluster".getBytes(StandardCharsets.UTF_8));
                    BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getAutowireCapableBeanFactory(),
                            MQTemplate.class, "orders").send(topic, "orders, plain".getBytes(StandardCharsets.UTF_8));
                    BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getAutowireCapableBeanFactory(),
                            MQMessagingTemplate.class, "secure").convertAndSend(topic, new Parcel("converted", 2));

                    assertThat(bodies(plain.readMessages(topic, 2, Duration.ofSeconds(30))))
                            .containsExactlyInAnyOrder("to the plain cluster", "orders, plain");
                    assertThat(bodies(secure.readMessages(topic, 2, Duration.ofSeconds(30))))
                            .containsExactlyInAnyOrder("to the TLS cluster", "{\"name\":\"converted\",\"count\":2}");
                    assertThat(toPlain.msgId()).isNotEqualTo(toSecure.msgId());

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("mq.send").tag("topic", topic).tag("template", "default").timer().count())
                            .isOne();
                    assertThat(registry.get("mq.send").tag("topic", topic).tag("template", "secure").timer().count())
                            .isEqualTo(2);
                    assertThat(registry.get("mq.send").tag("topic", topic).tag("template", "orders").timer().count())
                            .isOne();

                    CompositeHealthContributor health = context.getBean("mqHealthIndicator",
                            CompositeHealthContributor.class);
                    for (String name : List.of("default", "secure", "orders")) {
                        assertThat(((HealthIndicator) health.getContributor(name)).health(true).getStatus())
                                .as(name).isEqualTo(Status.UP);
                    }
                });
    }

    record Parcel(String name, int count) {
    }

    private static List<String> bodies(List<StoredMessage> messages) {
        return messages.stream().map(message -> new String(message.body(), StandardCharsets.UTF_8)).toList();
    }
}
