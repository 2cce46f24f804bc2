package dev.mqtemplate.client.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written JSON output must give exactly the bytes Jackson's generator gave with the codec's settings, for
 * every kind of character a topic, property or remark can hold.
 */
class JsonOutputTests {

    @Test
    void writesEveryAsciiCharacterAsJacksonDoes() {
        for (char c = 0; c < 0x80; c++) {
            assertSameAsJackson("a" + c + "b");
            assertSameAsJackson(String.valueOf(c));
        }
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersAndKeepsSlashes() {
        assertThat(write("say \"hi\" \\ a/b\t\n\r\b\f\u0000\u001f\u007f"))
            .isEqualTo("\"say \\\"hi\\\" \\\\ a/b\\t\\n\\r\\b\\f\\u0000\\u001F\u007f\"");
        assertSameAsJackson("say \"hi\" \\ a/b\t\n\r\b\f\u0000\u001f\u007f");
    }

    @Test
    void escapesThePropertySeparators() {
        String properties = "WAIT\u0001true\u0002TAGS\u0001tagA\u0002UNIQ_KEY\u0001AC11000100002A9F0000000000000000\u0002";
        assertThat(write(properties)).isEqualTo(
                "\"WAIT\\u0001true\\u0002TAGS\\u0001tagA\\u0002UNIQ_KEY\\u0001AC11000100002A9F0000000000000000\\u0002\"");
        assertSameAsJackson(properties);
    }

    @Test
    void writesNonAsciiAndSurrogatePairsAsUtf8() {
        assertSameAsJackson("donn\u00e9es \u2713 \u4e2d\u6587 \uD83D\uDE00 end");
        assertSameAsJackson("\uD83D\uDE00\uD83D\uDE01");
        assertSameAsJackson("\uDBFF\uDFFF");
        assertSameAsJackson("\u0080\u07ff\u0800\uffff\u2028\u2029");
    }

    @Test
    void writesUnpairedSurrogatesAsJacksonDoes() {
        assertSameAsJackson("a\uD83Db");
        assertSameAsJackson("a\uDE00b");
        assertSameAsJackson("end\uD83D");
        assertSameAsJackson("\uDE00\uD83D");
        assertSameAsJackson("\uD83D\uD83D\uDE00");
    }

    @Test
    void writesEmptyString() {
        assertThat(write("")).isEqualTo("\"\"");
        assertSameAsJackson("");
    }

    @Test
    void writesRandomStringsAsJacksonDoes() {
        Random random = new Random(20261125L);
        char[] interesting = {'"', '\\', '/', '\u0001', '\u0002', '\n', '\u001f', '\u007f', '\u00e9', '\u2713',
            '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '\uFFFF', 'a', 'Z', '0', ' '};
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
                        : (char) random.nextInt(0x10000));
            }
            assertSameAsJackson(text.toString());
        }
    }

    @Test
    void writesLongStringsIntoPooledDirectBuffers() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("key").append(i).append('\u0001').append("v\u00e9\uD83D\uDE00").append('\u0002');
        }
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            JsonOutput.writeString(out, text);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(JacksonHeaderEncoder.string(text.toString()));
        }
        finally {
            out.release();
        }
    }

    @Test
    void writesDecimalsAsJavaDoes() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 9L, 10L, 99L, 100L, -1L, -10L, 479L, 1700000000000L,
                (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -999_999_999_999_999_999L));
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long value : values) {
            ByteBuf out = Unpooled.buffer(1);
            try {
                JsonOutput.writeDecimal(out, value);
                assertThat(out.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
                assertThat(JsonOutput.decimalLength(value)).isEqualTo(Long.toString(value).length());
            }
            finally {
                out.release();
            }
        }
    }

    @Test
    void quotedGivesTheBytesWriteStringWrites() {
        assertThat(JsonOutput.quoted("g\"r\u0001p")).isEqualTo(JacksonHeaderEncoder.string("g\"r\u0001p"));
    }

    @Test
    void headerCodecWritesWhatJacksonWrote() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("a", "grp\"\\/");
        fields.put("k\u0001\u00e9", "\uD83D\uDE00\uD83D \u0000");
        fields.put("", "");
        List<RemotingCommand> commands = List.of(
                RemotingCommand.request(RequestCode.HEART_BEAT, null, null),
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, fields, new byte[] {1, 2}).withOpaque(-5),
                RemotingCommand.of(-1, (byte) 42, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "r\u00e9\"m\nark", fields,
                        null),
                RemotingCommand.of(1, LanguageCode.JAVA, 479, 1, 1, "", null, null),
                RemotingCommand.response(ResponseCode.SUCCESS, "stored: donn\u00e9es \u2713", fields, null));
        for (RemotingCommand command : commands) {
            assertThat(header(command, JsonHeaderCodec::encode))
                .as(command.toString())
                .isEqualTo(header(command, JacksonHeaderEncoder::encode));
        }
    }

    private static void assertSameAsJackson(String value) {
        assertThat(writeBytes(value)).as("JSON of %s", escapeForMessage(value))
            .isEqualTo(JacksonHeaderEncoder.string(value));
    }

    private static String write(String value) {
        return new String(writeBytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] writeBytes(String value) {
        ByteBuf out = Unpooled.buffer(1);
        try {
            JsonOutput.writeString(out, value);
            return ByteBufUtil.getBytes(out);
        }
        finally {
            out.release();
        }
    }

    private static byte[] header(RemotingCommand command, java.util.function.BiConsumer<RemotingCommand, ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(command, out);
            return ByteBufUtil.getBytes(out);
        }
        finally {
            out.release();
        }
    }

    private static String escapeForMessage(String value) {
        StringBuilder text = new StringBuilder();
        value.chars().forEach((c) -> text.append(String.format("\\u%04x", c)));
        return text.toString();
    }
}
