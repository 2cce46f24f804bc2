package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.send.OutgoingMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The properties string is built without a map; it must be what encoding the map in the documented order gave. */
class MessagePreparationTests {

    private final MessagePreparation preparation = new MessagePreparation(
            MQClientConfig.builder().nameServer("127.0.0.1:9876").producerGroup("PG").build(), SendMetrics.NONE);

    @Test
    void propertiesComeInTheOrderTagsKeysWaitDelayUserPropertiesUniqKey() {
        MQMessage message = MQMessage.builder("T1").tags("tagA").keys("k1", "k\u00e92", "k3").delayLevel(3)
            .waitStoreMsgOk(false).property("color", "r\u00e9d \uD83D\uDE00").property("size", "L").body("x").build();
        OutgoingMessage prepared = preparation.prepare(message);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(MessageProperties.TAGS, "tagA");
        expected.put(MessageProperties.KEYS, "k1 k\u00e92 k3");
        expected.put(MessageProperties.WAIT, "false");
        expected.put(MessageProperties.DELAY, "3");
        expected.put("color", "r\u00e9d \uD83D\uDE00");
        expected.put("size", "L");
        expected.put(MessageProperties.UNIQ_KEY, prepared.messageId());
        assertThat(prepared.properties()).isEqualTo(MessageProperties.encode(expected));
        assertThat(prepared.propertiesLength())
            .isEqualTo(prepared.properties().getBytes(StandardCharsets.UTF_8).length)
            .isEqualTo(MessageProperties.encodedUtf8Length(expected));
        // sized exactly: the builder neither grows nor keeps spare room
        assertThat(MessagePreparation.propertiesCapacity(message, prepared.messageId()))
            .isEqualTo(prepared.properties().length());
    }

    @Test
    void plainMessageCarriesWaitAndUniqKeyOnly() {
        MQMessage message = MQMessage.builder("T1").body("x").build();
        OutgoingMessage prepared = preparation.prepare(message);
        assertThat(MessagePreparation.propertiesCapacity(message, prepared.messageId()))
            .isEqualTo(prepared.properties().length());
        assertThat(MessageProperties.decode(prepared.properties()))
            .containsExactly(Map.entry(MessageProperties.WAIT, "true"),
                    Map.entry(MessageProperties.UNIQ_KEY, prepared.messageId()));
    }

    @Test
    void aBatchWhoseBodiesTogetherReachTheThresholdIsCompressedWhole() {
        // each body alone is below the 4 KiB threshold; together they reach it
        java.util.List<MQMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(MQMessage.builder("T1").body("compressible text ".repeat(100)).build());
        }

        OutgoingMessage request = preparation.prepareBatchRequests(batch, true).get(0);

        assertThat(request.sysFlag() & dev.mqtemplate.client.message.MessageSysFlag.COMPRESSED).isNotZero();
        assertThat(request.bodyLength()).isLessThan(4 * 1800);
    }

    @Test
    void aBatchBelowTheThresholdOrThatDeflateCannotShrinkIsSentAsItIs() {
        java.util.List<MQMessage> small = java.util.List.of(MQMessage.builder("T1").body("tiny").build());
        byte[] noise = new byte[8192];
        new java.util.Random(1).nextBytes(noise);
        java.util.List<MQMessage> random = java.util.List.of(MQMessage.builder("T1").body(noise).build());

        assertThat(preparation.prepareBatchRequests(small, true).get(0).sysFlag()).isZero();
        assertThat(preparation.prepareBatchRequests(random, true).get(0).sysFlag()).isZero();
    }
}
