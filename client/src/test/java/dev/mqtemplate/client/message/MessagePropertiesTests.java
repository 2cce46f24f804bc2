package dev.mqtemplate.client.message;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mqtemplate.client.error.MQValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class MessagePropertiesTests {

    @Test
    void encodesPairsWithTrailingSeparatorAndSkipsNullValues() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("WAIT", "true");
        properties.put("skipped", null);
        properties.put("TAGS", "tagA");
        assertThat(MessageProperties.encode(properties)).isEqualTo("WAIT\u0001true\u0002TAGS\u0001tagA\u0002");
        assertThat(MessageProperties.encode(Map.of())).isEmpty();
    }

    @Test
    void roundTripsIncludingNonAsciiText() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("KEYS", "order-1 order-2");
        properties.put("城市", "Zürich 🚀");
        properties.put("orderId", "42");
        Map<String, String> decoded = MessageProperties.decode(MessageProperties.encode(properties));
        assertThat(decoded).containsExactlyEntriesOf(properties);
    }

    @Test
    void decodeDropsSegmentsWithEmptyNameOrValueOrNoSeparator() {
        String encoded = "a\u0001\u0002\u0001b\u0002junk\u0002\u0002c\u00011\u0002d\u0001x\u0001y";
        assertThat(MessageProperties.decode(encoded)).containsExactly(Map.entry("c", "1"), Map.entry("d", "x\u0001y"));
    }

    @Test
    void decodeLetTheLastDuplicateWin() {
        assertThat(MessageProperties.decode("k\u00011\u0002k\u00012\u0002")).containsExactly(Map.entry("k", "2"));
    }

    @Test
    void decodeOfNothingIsAnEmptyMap() {
        assertThat(MessageProperties.decode(null)).isEmpty();
        assertThat(MessageProperties.decode("")).isEmpty();
    }

    @Test
    void reservedNamesIncludeTheProducersOwnAndNotBusinessNames() {
        assertThat(MessageProperties.isReserved(MessageProperties.UNIQ_KEY)).isTrue();
        assertThat(MessageProperties.isReserved("TAGS")).isTrue();
        assertThat(MessageProperties.isReserved("KEYS")).isTrue();
        assertThat(MessageProperties.isReserved("orderId")).isFalse();
        assertThat(MessageProperties.isReserved(null)).isFalse();
    }

    @Test
    void reservedNamesCoverEveryNameRocketMq533Reserves() {
        // the 51 names of MessageConst.STRING_HASH_SET in rocketmq-common 5.3.3, read by reflection
        assertThat(MessageProperties.reservedNames()).contains("1ST_POP_TIME", "ARRIVE_TIME", "BORN_TIMESTAMP",
                "BUYER_ID", "CLUSTER", "CONSUME_START_TIME", "CORRECTION_FLAG", "CORRELATION_ID", "DELAY",
                "DLQ_ORIGIN_MESSAGE_ID", "DLQ_ORIGIN_TOPIC", "DUP_INFO", "EXTEND_UNIQ_INFO", "INNER_MULTI_QUEUE_OFFSET",
                "INSTANCE_ID", "KEYS", "MAX_OFFSET", "MAX_RECONSUME_TIMES", "MIN_OFFSET", "MQ2_FLAG", "MSG_REGION",
                "MSG_TYPE", "ORIGIN_MESSAGE_ID", "PGROUP", "POP_CK", "POP_CK_OFFSET", "PUSH_REPLY_TIME", "REAL_QID",
                "REAL_TOPIC", "RECONSUME_TIME", "REPLY_TO_CLIENT", "RETRY_TOPIC", "TAGS", "TIMER_DELAY_LEVEL",
                "TIMER_DELAY_MS", "TIMER_DELAY_SEC", "TIMER_DELIVER_MS", "TIMER_DEL_UNIQKEY", "TIMER_DEQUEUE_MS",
                "TIMER_ENQUEUE_MS", "TIMER_OUT_MS", "TIMER_ROLL_TIMES", "TRACE_ON", "TRANSFER_FLAG", "TRAN_MSG",
                "TRAN_PREPARED_QUEUE_OFFSET", "TTL", "UNIQ_KEY", "WAIT", "__BORNHOST", "__CRC32#");
        // and those the protocol reference lists as client- or broker-set although MessageConst leaves them open
        assertThat(MessageProperties.reservedNames()).contains("__transactionId__", "CHECK_IMMUNITY_TIME_IN_SECONDS",
                "__SHARDINGKEY", "TRANSACTION_CHECK_TIMES", "INNER_NUM", "INNER_BASE");
    }

    @Test
    void userPropertyCheckRefusesReservedBlankAndSeparators() {
        assertThatNoException().isThrownBy(() -> MessageProperties.checkUserProperty("orderId", "42"));
        assertThatExceptionOfType(MQValidationException.class)
            .isThrownBy(() -> MessageProperties.checkUserProperty("TAGS", "x"))
            .satisfies(ex -> assertThat(ex.field()).isEqualTo("property name"));
        assertThatExceptionOfType(MQValidationException.class)
            .isThrownBy(() -> MessageProperties.checkUserProperty(" ", "x"));
        assertThatExceptionOfType(MQValidationException.class)
            .isThrownBy(() -> MessageProperties.checkUserProperty("orderId", ""));
        assertThatExceptionOfType(MQValidationException.class)
            .isThrownBy(() -> MessageProperties.checkUserProperty("orderId", "1\u0002DELAY\u00013"));
        assertThatExceptionOfType(MQValidationException.class)
            .isThrownBy(() -> MessageProperties.checkUserProperty("a\u0001b", "1"));
    }

    @Test
    void encodedUtf8LengthMatchesTheEncodedBytes() {
        Map<String, String> properties = new HashMap<>();
        properties.put("ascii", "value");
        properties.put("latin", "Zürich");
        properties.put("cjk", "城市");
        properties.put("emoji", "🚀🚀");
        properties.put("lone", "x\uD800y");
        properties.put("nothing", null);
        assertThat(MessageProperties.encodedUtf8Length(properties))
            .isEqualTo(MessageProperties.encode(properties).getBytes(StandardCharsets.UTF_8).length);
        assertThat(MessageProperties.encodedUtf8Length(Map.of())).isZero();
    }

    @Test
    void encodedUtf8LengthLetsCallersSpotTheInt16Limit() {
        Map<String, String> properties = Map.of("big", "é".repeat(16_383));
        // 3 + 32766 + 2 separators: over the limit by 4 bytes although it has fewer than 32767 chars
        assertThat(MessageProperties.encodedUtf8Length(properties)).isEqualTo(32_771)
            .isGreaterThan(MessageProperties.MAX_ENCODED_LENGTH);
    }
}
