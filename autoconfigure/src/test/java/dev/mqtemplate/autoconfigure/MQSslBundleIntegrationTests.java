package dev.mqtemplate.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendStatus;
import dev.mqtemplate.client.error.MQTlsException;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code mq.ssl.*} against a real name server and broker enforcing TLS: a PEM bundle
 * ({@code spring.ssl.bundle.pem.<name>.truststore.certificate}) named by {@code mq.ssl.bundle} sends over TLS and the
 * official consumer reads the message back; {@code mq.ssl.enabled} alone (the JDK's trust) does not trust the test's
 * authority and fails with {@link MQTlsException}; no {@code mq.ssl} means plain TCP. No JVM-wide property is set.
 */
class MQSslBundleIntegrationTests {

    private static LocalRocketMQ cluster;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class, SslAutoConfiguration.class));

    @BeforeAll
    static void start() {
        cluster = TlsTestCluster.get();
    }

    @Test
    void aPemBundleNamedByMqSslBundleSendsOverTlsAndIsReadBack() {
        String topic = "it_ssl_bundle_" + System.nanoTime();
        runner.withPropertyValues("mq.name-server=" + cluster.nameServerAddress(),
                        "spring.ssl.bundle.pem.mq-local.truststore.certificate=file:" + cluster.tls().caCertificate(),
                        "mq.ssl.bundle=mq-local")
                .run(context -> {
                    assertThat(context.getBean(MQClientConfig.class).tls().hostnameVerification()).isTrue();
                    assertThat(context.getBean(MQTemplate.class).send(topic, "via an SSL bundle".getBytes(
                            StandardCharsets.UTF_8)).status()).isEqualTo(SendStatus.SEND_OK);
                });
        List<StoredMessage> stored = cluster.readMessages(topic, 1, Duration.ofSeconds(30));
        assertThat(stored).singleElement().satisfies(m ->
                assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("via an SSL bundle"));
        assertThat(System.getProperties().stringPropertyNames())
                .noneMatch(name -> name.startsWith("tls.") || name.startsWith("javax.net.ssl."));
    }

    @Test
    void mqSslEnabledWithoutABundleUsesTheJdkTrustWhichDoesNotTrustTheTestAuthority() {
        runner.withPropertyValues("mq.name-server=" + cluster.nameServerAddress(), "mq.ssl.enabled=true",
                        "mq.send-timeout=5s")
                .run(context -> assertThatThrownBy(() -> context.getBean(MQTemplate.class).send("it_ssl_jdk",
                        new byte[] {1}))
                        .isInstanceOf(MQTlsException.class)
                        .hasMessageContaining("TLS handshake with " + cluster.nameServerAddress()));
    }

    @Test
    void withoutMqSslTheClientUsesPlainTcp() {
        runner.withPropertyValues("mq.name-server=" + cluster.nameServerAddress())
                .run(context -> assertThat(context.getBean(MQClientConfig.class).tls()).isNull());
    }

    @Test
    void hostnameVerificationCanBeTurnedOff() {
        runner.withPropertyValues("mq.name-server=" + cluster.nameServerAddress(),
                        "spring.ssl.bundle.pem.mq-local.truststore.certificate=file:" + cluster.tls().caCertificate(),
                        "mq.ssl.bundle=mq-local", "mq.ssl.verify-hostname=false")
                .run(context -> assertThat(context.getBean(MQClientConfig.class).tls().hostnameVerification())
                        .isFalse());
    }
}
