package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalTls;
import dev.mqtemplate.localbroker.StoredMessage;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real name server and broker in RocketMQ's {@code permissive} TLS mode take a TLS template and a plaintext one on
 * the same ports: nothing on our side but connecting with or without TLS. Both messages are read back.
 */
class TlsPermissiveIntegrationTests {

    private static LocalRocketMQ cluster;

    @BeforeAll
    static void start() {
        cluster = LocalRocketMQ.builder().tls(LocalTls.Mode.PERMISSIVE).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTlsTemplateAndAPlaintextTemplateBothSendToAPermissiveBroker() throws Exception {
        String topic = "it_tls_permissive_" + System.nanoTime();
        try (MQTemplate tls = MQTemplate.create(MQClientConfig.builder().nameServer(cluster.nameServerAddress())
                        .tls(SslContextBuilder.forClient().trustManager(cluster.tls().caCertificate().toFile()).build())
                        .build());
                MQTemplate plain = MQTemplate.create(MQClientConfig.builder()
                        .nameServer(cluster.nameServerAddress()).build())) {
            assertThat(tls.send(topic, "with tls".getBytes(StandardCharsets.UTF_8)).status())
                    .isEqualTo(SendStatus.SEND_OK);
            assertThat(plain.send(topic, "without tls".getBytes(StandardCharsets.UTF_8)).status())
                    .isEqualTo(SendStatus.SEND_OK);
        }
        List<StoredMessage> stored = cluster.readMessages(topic, 2, Duration.ofSeconds(30));
        assertThat(stored).extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("with tls", "without tls");
    }
}
