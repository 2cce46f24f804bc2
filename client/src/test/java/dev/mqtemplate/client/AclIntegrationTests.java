package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.error.MQAuthenticationException;
import dev.mqtemplate.client.error.MQAuthorizationException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.RequestSigner;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.testsupport.TestCredentials;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing against a real 5.3.3 broker with ACL 2.0 on (authentication and authorization, its own cluster for this
 * class): a user allowed to publish to one topic sends there (single, batch, both header forms) and the official
 * consumer, signed as the super user, reads the messages back; a wrong secret, an unknown key and no credentials are
 * refused as authentication errors naming the key but never the secret; the other topic is refused as an
 * authorization error; a heartbeat needs the signature too.
 */
class AclIntegrationTests {

    private static final String SECRET = TestCredentials.SECRET;

    private static final String ADMIN = "mqt-admin";

    private static final String ALICE = "mqt-alice";

    private static final String TOPIC_A = "it_acl_a_" + System.nanoTime();

    private static final String TOPIC_B = "it_acl_b_" + System.nanoTime();

    private static LocalRocketMQ rocketMQ;

    @BeforeAll
    static void start() {
        rocketMQ = LocalRocketMQ.builder().acl(ADMIN, SECRET).start();
        rocketMQ.createUser(ALICE, SECRET);
        rocketMQ.allow(ALICE, "Topic:" + TOPIC_A, "Pub");
    }

    @AfterAll
    static void stop() {
        if (rocketMQ != null) {
            rocketMQ.close();
        }
    }

    @Test
    void theRightSecretIsAcceptedAndTheOfficialConsumerReadsTheMessagesBack() {
        try (MQTemplate json = template(b -> b.credentials(ALICE, SECRET));
                MQTemplate binary = template(b -> b.credentials(ALICE, SECRET)
                        .headerSerialization(HeaderSerialization.BINARY))) {
            SendResult single = json.send(MQMessage.builder(TOPIC_A).tags("signed").keys("k1")
                    .property("who", "alice").body("signed hello").build());
            BatchSendResult batch = json.sendBatch(List.of(MQMessage.builder(TOPIC_A).body("batch one").build(),
                    MQMessage.builder(TOPIC_A).body("batch two").build()));
            SendResult fromBinary = binary.send(MQMessage.builder(TOPIC_A).body("binary header").build());

            assertThat(single.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(single.attempts()).isEqualTo(1);
            assertThat(batch.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(fromBinary.status()).isEqualTo(SendStatus.SEND_OK);
            List<StoredMessage> stored = rocketMQ.readMessages(TOPIC_A, 4, Duration.ofSeconds(30)).stream()
                    .sorted(Comparator.comparing(AclIntegrationTests::text)).toList();
            assertThat(stored).extracting(AclIntegrationTests::text)
                    .containsExactly("batch one", "batch two", "binary header", "signed hello");
            StoredMessage signed = stored.get(3);
            assertThat(signed.uniqKey()).isEqualTo(single.msgId());
            assertThat(signed.tags()).isEqualTo("signed");
            assertThat(signed.properties()).containsEntry("who", "alice")
                    .doesNotContainKeys("AccessKey", "Signature");
        }
    }

    @Test
    void aWrongSecretIsRefusedAsAnAuthenticationErrorNamingTheKeyButNotTheSecret() {
        try (MQTemplate wrong = template(b -> b.credentials(ALICE, SECRET + "-wrong"))) {
            MQAuthenticationException error = catchThrowableOfType(() -> wrong.send(TOPIC_A, bytes("x")),
                    MQAuthenticationException.class);

            assertThat(error).isNotNull();
            assertThat(error.accessKey()).isEqualTo(ALICE);
            assertThat(error.responseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(error.remark()).isEqualTo("check signature failed.");
            assertThat(error.getMessage()).contains(ALICE).doesNotContain(SECRET);
        }
    }

    @Test
    void anUnknownKeyIsRefusedAsAnAuthenticationErrorNamingTheKey() {
        try (MQTemplate unknown = template(b -> b.credentials("mqt-nobody", SECRET))) {
            MQAuthenticationException error = catchThrowableOfType(() -> unknown.send(TOPIC_A, bytes("x")),
                    MQAuthenticationException.class);

            assertThat(error).isNotNull();
            assertThat(error.accessKey()).isEqualTo("mqt-nobody");
            assertThat(error.remark()).isEqualTo("User:mqt-nobody is not found.");
            assertThat(error.getMessage()).contains("mqt-nobody").doesNotContain(SECRET);
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefusedAsAnAuthenticationError() {
        try (MQTemplate unsigned = template(UnaryOperator.identity())) {
            MQAuthenticationException error = catchThrowableOfType(() -> unsigned.send(TOPIC_A, bytes("x")),
                    MQAuthenticationException.class);

            assertThat(error).isNotNull();
            assertThat(error.accessKey()).isNull();
            assertThat(error.remark()).isEqualTo("username cannot be null.");
        }
    }

    @Test
    void aTopicTheUserMayNotPublishToIsRefusedAsAnAuthorizationError() {
        try (MQTemplate alice = template(b -> b.credentials(ALICE, SECRET))) {
            MQAuthorizationException error = catchThrowableOfType(() -> alice.send(TOPIC_B, bytes("x")),
                    MQAuthorizationException.class);

            assertThat(error).isNotNull();
            assertThat(error.accessKey()).isEqualTo(ALICE);
            assertThat(error.topic()).isEqualTo(TOPIC_B);
            assertThat(error.action()).isEqualTo("Pub");
            assertThat(error.remark()).startsWith("User:" + ALICE + " has no permission to access Topic:" + TOPIC_B);
            assertThat(error.getMessage()).doesNotContain(SECRET);
            // nothing stored: the refusal came before the broker would have created the topic, so it has no route
        }
    }

    @Test
    void theBrokerRefusesAnUnsignedHeartbeatAndAcceptsASignedOne() {
        String broker = rocketMQ.brokers().get(0).address();
        byte[] body = bytes("{\"clientID\":\"acl-it-client\",\"consumerDataSet\":[],\"heartbeatFingerprint\":0,"
                + "\"producerDataSet\":[{\"groupName\":\"acl_it_group\"}],\"withoutSub\":false}");
        ClientResources resources = ClientResources.create(1);
        try (ChannelPool unsigned = new ChannelPool(resources, TransportOptions.DEFAULTS);
                ChannelPool signed = new ChannelPool(resources, TransportOptions.DEFAULTS,
                        new RequestSigner(ALICE, SECRET, null))) {
            RemotingCommand refused = unsigned.acquire(broker).join()
                    .request(RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), body), 5000).join();
            RemotingCommand accepted = signed.acquire(broker).join()
                    .request(RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), body), 5000).join();

            assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(refused.remark()).isEqualTo("username cannot be null.");
            assertThat(accepted.code()).isEqualTo(ResponseCode.SUCCESS);
        } finally {
            resources.close();
        }
    }

    private static MQTemplate template(UnaryOperator<MQClientConfig.Builder> customizer) {
        return MQTemplate.create(customizer.apply(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .sendTimeout(Duration.ofSeconds(10))).build());
    }

    private static String text(StoredMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
