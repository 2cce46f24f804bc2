package dev.mqtemplate.client.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks our codec against frames that the official RocketMQ 5.3.3 jars produced (see
 * {@code src/test/resources/protocol/README.md}).
 */
class OfficialFrameFixtureTests {

    private static final String PROPERTIES = "WAIT\u0001true\u0002TAGS\u0001tagA\u0002";

    private static final String REMARK = "stored: donn\u00e9es \u2713";

    @Test
    void decodesOfficialJsonSendRequest() {
        assertSendRequest(Frames.decode(Frames.fixture("send-request-json")));
    }

    @Test
    void decodesOfficialBinarySendRequest() {
        assertSendRequest(Frames.decode(Frames.fixture("send-request-binary")));
    }

    @Test
    void decodesOfficialJsonSendResponse() {
        assertSendResponse(Frames.decode(Frames.fixture("send-response-json")));
    }

    @Test
    void decodesOfficialBinarySendResponse() {
        assertSendResponse(Frames.decode(Frames.fixture("send-response-binary")));
    }

    @Test
    void binaryEncodingMatchesTheOfficialBytes() {
        assertThat(Frames.encode(sendRequest(), HeaderSerialization.BINARY))
            .isEqualTo(Frames.fixture("send-request-binary"));
        assertThat(Frames.encode(sendResponse(), HeaderSerialization.BINARY))
            .isEqualTo(Frames.fixture("send-response-binary"));
    }

    @Test
    void jsonEncodingMatchesTheOfficialBytesWhenFieldOrderIsTheSame() {
        // Both sides write the top-level fields alphabetically, and these extFields are in the official map's order.
        assertThat(Frames.encode(sendRequest(), HeaderSerialization.JSON))
            .isEqualTo(Frames.fixture("send-request-json"));
        assertThat(Frames.encode(sendResponse(), HeaderSerialization.JSON))
            .isEqualTo(Frames.fixture("send-response-json"));
    }

    @Test
    void ourEncodingDecodesToTheSameCommandAsTheOfficialFrame() {
        for (HeaderSerialization serialization : HeaderSerialization.values()) {
            String suffix = (serialization == HeaderSerialization.JSON) ? "-json" : "-binary";
            assertThat(Frames.decode(Frames.encode(sendRequest(), serialization)))
                .isEqualTo(Frames.decode(Frames.fixture("send-request" + suffix)));
            assertThat(Frames.decode(Frames.encode(sendResponse(), serialization)))
                .isEqualTo(Frames.decode(Frames.fixture("send-response" + suffix)));
        }
    }

    private static RemotingCommand sendRequest() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("a", "PG");
        fields.put("b", "T1");
        fields.put("c", "TBW102");
        fields.put("d", "4");
        fields.put("e", "1");
        fields.put("f", "0");
        fields.put("g", "1700000000000");
        fields.put("h", "0");
        fields.put("i", PROPERTIES);
        fields.put("j", "0");
        fields.put("k", "false");
        fields.put("m", "false");
        fields.put("n", "broker-a");
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, fields, Frames.utf8("hello")).withOpaque(7);
    }

    private static RemotingCommand sendResponse() {
        // The official side kept these in HashMap order, which is what went on the wire.
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("queueId", "3");
        fields.put("msgId", "7F00000100002A9F0000000000000000");
        fields.put("queueOffset", "42");
        return RemotingCommand.response(ResponseCode.SUCCESS, REMARK, fields, null).withOpaque(7);
    }

    private static void assertSendRequest(RemotingCommand command) {
        assertThat(command.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(command.version()).isEqualTo(MQVersion.CURRENT);
        assertThat(command.opaque()).isEqualTo(7);
        assertThat(command.flag()).isZero();
        assertThat(command.isResponse()).isFalse();
        assertThat(command.isOneway()).isFalse();
        assertThat(command.remark()).isNull();
        assertThat(command.extFields()).containsOnly(Map.entry("a", "PG"), Map.entry("b", "T1"),
                Map.entry("c", "TBW102"), Map.entry("d", "4"), Map.entry("e", "1"), Map.entry("f", "0"),
                Map.entry("g", "1700000000000"), Map.entry("h", "0"), Map.entry("i", PROPERTIES),
                Map.entry("j", "0"), Map.entry("k", "false"), Map.entry("m", "false"), Map.entry("n", "broker-a"));
        assertThat(command.body()).isEqualTo(Frames.utf8("hello"));
        assertThat(command).isEqualTo(sendRequest());
    }

    private static void assertSendResponse(RemotingCommand command) {
        assertThat(command.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(command.version()).isEqualTo(MQVersion.CURRENT);
        assertThat(command.opaque()).isEqualTo(7);
        assertThat(command.flag()).isEqualTo(1);
        assertThat(command.isResponse()).isTrue();
        assertThat(command.remark()).isEqualTo(REMARK);
        assertThat(command.extFields()).containsOnly(Map.entry("msgId", "7F00000100002A9F0000000000000000"),
                Map.entry("queueId", "3"), Map.entry("queueOffset", "42"));
        assertThat(command.body()).isNull();
        assertThat(command).isEqualTo(sendResponse());
    }
}
