package dev.mqtemplate.client.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonHeaderCodecTests {

    @Test
    void writesFieldsInAlphabeticalOrderWithEmptyExtFieldsAsObject() {
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT, null, null).withOpaque(3);
        assertThat(encode(request)).isEqualTo("{\"code\":34,\"extFields\":{},\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":3,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");
    }

    @Test
    void writesRemarkOnlyWhenPresent() {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "boom", Map.of("k", "v"),
                null);
        assertThat(encode(response)).contains("\"remark\":\"boom\"", "\"extFields\":{\"k\":\"v\"}", "\"flag\":1");
        assertThat(encode(RemotingCommand.response(0, null, null, null))).doesNotContain("remark");
    }

    @Test
    void escapesControlCharactersAndKeepsSlashesAndNonAscii() {
        RemotingCommand request = RemotingCommand.request(1,
                Map.of("i", "TAGS\u0001a/b\u0002", "t", "d\u00e9j\u00e0 \u2713 \uD83D\uDE00"), null);
        String json = encode(request);
        assertThat(json).contains("TAGS\\u0001a/b\\u0002", "d\u00e9j\u00e0 \u2713 \uD83D\uDE00");
        assertThat(decode(json).extFields()).isEqualTo(request.extFields());
    }

    @Test
    void roundTripsEveryField() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("b", "2");
        fields.put("a", "\u0001\u0002");
        fields.put("empty", "");
        RemotingCommand command = RemotingCommand.of(RequestCode.SEND_MESSAGE_V2, LanguageCode.GO, 401, -5, 3,
                "r\u00e9mark", fields, null);
        assertThat(decode(encode(command))).isEqualTo(command);
    }

    @Test
    void unknownLanguageCodeIsWrittenAsNumberAndReadBack() {
        RemotingCommand command = RemotingCommand.of(1, (byte) 42, 479, 1, 0, null, null, null);
        assertThat(encode(command)).contains("\"language\":42");
        assertThat(decode(encode(command)).language()).isEqualTo((byte) 42);
    }

    @Test
    void readsNumbersGivenAsStringsAndSkipsUnknownFields() {
        RemotingCommand command = decode("{\"unknown\":{\"deep\":[1,{\"x\":2}]},\"code\":\"310\",\"opaque\":\"-7\","
                + "\"flag\":\"1\",\"version\":\"479\",\"language\":\"PYTHON\",\"extra\":[1,2],\"remark\":\"r\"}");
        assertThat(command.code()).isEqualTo(310);
        assertThat(command.opaque()).isEqualTo(-7);
        assertThat(command.flag()).isEqualTo(1);
        assertThat(command.version()).isEqualTo(479);
        assertThat(command.language()).isEqualTo(LanguageCode.PYTHON);
        assertThat(command.remark()).isEqualTo("r");
        assertThat(command.extFields()).isEmpty();
    }

    @Test
    void coercesExtFieldValuesToStringsAndDropsNulls() {
        RemotingCommand command = decode("{\"code\":0,\"extFields\":{\"n\":42,\"big\":1700000000000,\"t\":true,"
                + "\"f\":false,\"d\":1.5,\"gone\":null,\"s\":\"x\"}}");
        assertThat(command.extFields()).containsExactly(Map.entry("n", "42"), Map.entry("big", "1700000000000"),
                Map.entry("t", "true"), Map.entry("f", "false"), Map.entry("d", "1.5"), Map.entry("s", "x"));
    }

    @Test
    void toleratesMissingOrNullFields() {
        RemotingCommand missing = decode("{\"code\":17}");
        assertThat(missing.code()).isEqualTo(17);
        assertThat(missing.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(missing.extFields()).isEmpty();
        assertThat(missing.remark()).isNull();
        RemotingCommand nulls = decode("{\"code\":17,\"extFields\":null,\"remark\":null,\"language\":null}");
        assertThat(nulls.extFields()).isEmpty();
        assertThat(nulls.remark()).isNull();
    }

    @Test
    void readsFromDirectBuffers() {
        byte[] json = Frames.utf8("{\"code\":105,\"extFields\":{\"topic\":\"T\"},\"opaque\":9}");
        ByteBuf direct = Unpooled.directBuffer(json.length).writeBytes(json);
        try {
            RemotingCommand command = JsonHeaderCodec.decode(direct, null);
            assertThat(command.extField("topic")).isEqualTo("T");
            assertThat(direct.readerIndex()).as("reader index untouched").isZero();
        }
        finally {
            Frames.release(direct);
        }
    }

    @Test
    void rejectsInvalidJson() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("{\"code\":310,"))
            .withMessageStartingWith("invalid JSON header");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("{code:1}"))
            .withMessageStartingWith("invalid JSON header");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(""))
            .withMessageContaining("end of input");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("[1,2]"))
            .withMessage("JSON header is not an object: it starts with START_ARRAY");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("\"hello\""))
            .withMessageContaining("VALUE_STRING");
    }

    @Test
    void rejectsTrailingContent() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("{\"code\":1}{\"code\":2}"))
            .withMessageContaining("after its closing brace");
    }

    @Test
    void rejectsFieldsOfTheWrongType() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("{\"code\":\"abc\"}"))
            .withMessage("JSON header field 'code' is not an int: \"abc\"");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("{\"opaque\":[1]}"))
            .withMessageContaining("'opaque' must be an int, found START_ARRAY");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("{\"code\":99999999999}"))
            .withMessageStartingWith("invalid JSON header");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode("{\"extFields\":[]}"))
            .withMessageContaining("'extFields' must be an object");
        assertThatExceptionOfType(ProtocolException.class)
            .isThrownBy(() -> decode("{\"extFields\":{\"k\":{\"nested\":1}}}"))
            .withMessageContaining("extFields value of 'k' must be a string");
    }

    private static String encode(RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        try {
            JsonHeaderCodec.encode(command, out);
            return out.toString(StandardCharsets.UTF_8);
        }
        finally {
            Frames.release(out);
        }
    }

    private static RemotingCommand decode(String json) {
        return Frames.withBuffer(Frames.utf8(json), (buf) -> JsonHeaderCodec.decode(buf, null));
    }
}
