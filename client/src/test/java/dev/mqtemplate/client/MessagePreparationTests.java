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
}
