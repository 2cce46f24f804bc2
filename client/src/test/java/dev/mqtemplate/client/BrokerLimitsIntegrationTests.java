package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our limits agree with where a real 5.3.3 broker draws its lines: the largest message the broker stores is accepted,
 * one byte more is refused before the network, so nothing is uploaded only to be refused.
 *
 * <p>Lines found with this broker: a body (as sent) of at most 4,194,304 bytes; stored properties of at most 32,767
 * UTF-8 bytes, the broker's own CLUSTER, MSG_REGION and TRACE_ON entries included (60 bytes in cluster
 * {@code LocalCluster}). With WAIT and UNIQ_KEY (52 bytes) and a one-letter property (3 bytes of framing), the
 * largest value is 32,767 - 60 - 52 - 3 = 32,652 characters. A delayed message carries DELAY, and the broker adds
 * REAL_TOPIC and REAL_QID as it moves the message to SCHEDULE_TOPIC_XXXX, before it checks the length.
 */
@ExtendWith(LocalRocketMQExtension.class)
class BrokerLimitsIntegrationTests {

    private static final int MAX_BODY = 4 * 1024 * 1024;

    private static final int MAX_SINGLE_PROPERTY_VALUE = 32_652;

    /** As {@link #MAX_SINGLE_PROPERTY_VALUE}, less DELAY (8 bytes at level 1) and REAL_TOPIC and REAL_QID (40). */
    private static final int MAX_DELAYED_PROPERTY_VALUE = 32_604;

    private static MQTemplate template;

    private static MQTemplate unchecked;

    @BeforeAll
    static void open(LocalRocketMQ rocketMQ) {
        template = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress()).build());
        // a client that lets everything through, to show the broker draws the same line
        unchecked = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress())
                .maxMessageSize(Integer.MAX_VALUE).build());
    }

    @AfterAll
    static void close() {
        template.close();
        unchecked.close();
    }

    @Test
    void aBodyOfExactlyTheBrokersMaximumIsStoredAndOneByteMoreIsRefusedBeforeTheNetwork() {
        String topic = "it_limits_body";
        assertThat(template.send(MQMessage.builder(topic).body(random(MAX_BODY)).build()).status())
                .isEqualTo(SendStatus.SEND_OK);

        assertThatThrownBy(() -> template.send(MQMessage.builder(topic).body(random(MAX_BODY + 1)).build()))
                .isInstanceOf(MQValidationException.class)
                .hasMessage("body '4194305 bytes' is invalid: must be at most 4194304 bytes as sent (the broker's maxMessageSize)");
        assertThatThrownBy(() -> unchecked.send(MQMessage.builder(topic).body(random(MAX_BODY + 1)).build()))
                .isInstanceOf(MQBrokerRejectedException.class)
                .satisfies(e -> assertThat(((MQBrokerRejectedException) e).responseCode()).isEqualTo(13));
    }

    @Test
    void aCompressibleBodyOverTheLimitIsAcceptedWhenItsCompressedFormFits() {
        byte[] text = "compressible ".repeat(MAX_BODY / 13 + 10).getBytes();

        assertThat(text.length).isGreaterThan(MAX_BODY);
        assertThat(template.send(MQMessage.builder("it_limits_body").body(text).build()).status())
                .isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    void propertiesUpToTheBrokersLineAreStoredAndOneByteMoreIsRefusedBeforeTheNetwork() {
        String topic = "it_limits_properties";
        template.send(topic, new byte[] {1}); // route known, so the cluster name is known

        assertThat(template.send(MQMessage.builder(topic).body("x").property("p", "v".repeat(MAX_SINGLE_PROPERTY_VALUE))
                .build()).status()).isEqualTo(SendStatus.SEND_OK);

        MQMessage oneMore = MQMessage.builder(topic).body("x").property("p", "v".repeat(MAX_SINGLE_PROPERTY_VALUE + 1))
                .build();
        assertThatThrownBy(() -> template.send(oneMore)).isInstanceOf(MQValidationException.class)
                .hasMessageContaining("must encode to at most 32707 bytes (32767 less the 60 bytes the broker adds in cluster 'LocalCluster')");
    }

    @Test
    void delayedPropertiesUpToTheBrokersLineAreStoredAndOneByteMoreIsRefusedBeforeTheNetwork() {
        // 17 characters: the broker adds REAL_TOPIC (29 bytes) and REAL_QID (11, queue ids have one digit here)
        String topic = "it_limits_delayed";
        template.send(topic, new byte[] {1}); // route known, so the cluster name is known

        assertThat(template.send(delayed(topic, MAX_DELAYED_PROPERTY_VALUE)).status()).isEqualTo(SendStatus.SEND_OK);

        // without REAL_TOPIC and REAL_QID counted, this one went to the broker, which answered code 13
        assertThatThrownBy(() -> template.send(delayed(topic, MAX_DELAYED_PROPERTY_VALUE + 1)))
                .isInstanceOf(MQValidationException.class)
                .hasMessageContaining("must encode to at most 32667 bytes (32767 less the 60 bytes the broker adds in "
                        + "cluster 'LocalCluster' and the 40 bytes of REAL_TOPIC and REAL_QID it adds to a delayed "
                        + "message)");
    }

    private static MQMessage delayed(String topic, int valueLength) {
        return MQMessage.builder(topic).body("x").delayLevel(1).property("p", "v".repeat(valueLength)).build();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
