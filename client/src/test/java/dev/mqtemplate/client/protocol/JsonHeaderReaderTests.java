package dev.mqtemplate.client.protocol;

import java.nio.charset.StandardCharsets;
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
 * The plain-header reader must read what Jackson reads, and give up (never guess) on everything else.
 */
class JsonHeaderReaderTests {

    @Test
    void readsTheOfficialFramesAsJacksonDoes() {
        for (String name : List.of("send-request-json", "send-response-json")) {
            byte[] frame = Frames.fixture(name);
            ByteBuf buf = Unpooled.wrappedBuffer(frame);
            try {
                buf.skipBytes(4);
                int headerLength = buf.readInt() & 0xFFFFFF;
                byte[] header = new byte[headerLength];
                buf.readBytes(header);
                if (name.equals("send-request-json")) {
                    assertReadsLikeJackson(header);
                }
                else {
                    // the remark is not ASCII: Jackson's turn, with the same result
                    assertSameAsJackson(header);
                }
            }
            finally {
                buf.release();
            }
        }
    }

    @Test
    void readsPlainHeadersAsJacksonDoes() {
        List<String> headers = List.of(
                "{\"code\":0,\"extFields\":{\"msgId\":\"AC11\",\"queueId\":\"3\",\"queueOffset\":\"42\","
                        + "\"MSG_REGION\":\"DefaultRegion\",\"TRACE_ON\":\"true\"},\"flag\":1,\"language\":\"JAVA\","
                        + "\"opaque\":7,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}",
                "{}",
                "{\"code\":17}",
                " { \"code\" : -5 , \"extFields\" : { } ,\n\"opaque\":\t2147483647, \"flag\":-2147483648 } \r\n",
                "{\"remark\":null,\"code\":1,\"extra\":true,\"other\":false,\"none\":null,\"s\":\"x\"}",
                "{\"remark\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0001\\u00e9\\uD83D\\uDE00\\ud83d end\",\"code\":2}",
                "{\"extFields\":{\"k\":\"1\",\"k\":\"2\",\"e\":\"\",\"a b\":\"v\\u0002\"},\"code\":3}",
                "{\"language\":\"GO\",\"version\":0}",
                "{\"serializeTypeCurrentRPC\":\"JSON\",\"other\":\"a\\\"b\\u0001\\\\\",\"code\":4}",
                "{\"language\":\"NOPE\"}",
                "{\"code\":1,\"code\":2}",
                "{\"opaque\":0,\"flag\":0,\"version\":10}",
                "{\"extFields\":{\"a\":\"tru\\u0065\",\"b\":\"DefaultRegionX\",\"c\":\"fals\",\"d\":\"false\"}}");
        for (String header : headers) {
            assertReadsLikeJackson(header.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void leavesEverythingElseToJackson() {
        List<String> headers = List.of(
                "{\"code\":\"310\",\"opaque\":\"-7\"}",
                "{\"code\":1.0}",
                "{\"code\":1e3}",
                "{\"code\":01}",
                "{\"code\":2147483648}",
                "{\"code\":-}",
                "{\"unknown\":{\"deep\":[1,{\"x\":2}]},\"code\":1}",
                "{\"unknown\":[1],\"code\":1}",
                "{\"unknown\":12,\"code\":1}",
                "{\"extFields\":{\"n\":42,\"t\":true,\"z\":null},\"code\":1}",
                "{\"extFields\":null,\"code\":1}",
                "{\"language\":3}",
                "{\"language\":null}",
                "{\"remark\":12}",
                "{\"remark\":\"donn\u00e9es\"}",
                "{\"c\\u006fde\":1}",
                "{\"code\":1",
                "{\"code\":1,}",
                "{\"code\":1}}",
                "{\"code\":1} x",
                "[1]",
                "",
                "{\"remark\":\"raw\ttab\"}",
                "{\"remark\":\"bad \\x escape\"}",
                "{\"other\":\"bad \\x escape\",\"code\":1}",
                "{\"other\":\"raw\ttab\",\"code\":1}",
                "{\"other\":\"open",
                "{\"remark\":\"short \\u12\"}",
                "{\"remark\":\"open",
                "{\"other\":tru}",
                "{\"other\":nul,\"code\":1}");
        for (String header : headers) {
            byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
            assertThat(tryRead(bytes)).as(header).isNull();
        }
    }

    @Test
    void readsRandomEncodedHeadersAsJacksonDoes() {
        Random random = new Random(42);
        char[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', '/', '\u0001', '\u0002', '\n', '\u001f', '\u007f', '{', '}',
            ':', ',', '\u00e9', '\uD83D', '\uDE00'};
        // Jackson refuses an unpaired surrogate in a property name, so keys get whole pairs only
        char[] keyAlphabet = {'a', 'Z', '0', ' ', '"', '\\', '/', '\u0001', '\u0002', '\n', '\u007f', '\u00e9'};
        for (int i = 0; i < 1000; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            int count = random.nextInt(6);
            for (int f = 0; f < count; f++) {
                fields.put(text(random, keyAlphabet) + (random.nextBoolean() ? "\uD83D\uDE00" : ""),
                        text(random, alphabet));
            }
            String remark = random.nextBoolean() ? null : text(random, alphabet);
            RemotingCommand command = RemotingCommand.of(random.nextInt(), (byte) random.nextInt(14),
                    random.nextInt(1000), random.nextInt(), random.nextInt(4), remark, fields, null);
            ByteBuf out = Unpooled.buffer();
            try {
                JsonHeaderCodec.encode(command, out);
                byte[] header = ByteBufUtil.getBytes(out);
                assertSameAsJackson(header);
                assertThat(JsonHeaderCodec.decode(Unpooled.wrappedBuffer(header), null)).isEqualTo(command);
            }
            finally {
                out.release();
            }
        }
    }

    @Test
    void readsFromDirectBuffersAndSlices() {
        byte[] header = "{\"code\":105,\"extFields\":{\"topic\":\"T\"},\"opaque\":9}".getBytes(StandardCharsets.UTF_8);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            direct.writeBytes(header).writeBytes("trailing bytes of the body".getBytes(StandardCharsets.UTF_8));
            RemotingCommand command = JsonHeaderReader.tryRead(direct.slice(0, header.length), null);
            assertThat(command).isNotNull();
            assertThat(command.extFields()).containsExactly(Map.entry("topic", "T"));
            assertThat(command.opaque()).isEqualTo(9);
            // without the slice, the bytes after the header are not JSON: give up rather than read past
            assertThat(JsonHeaderReader.tryRead(direct, null)).isNull();
        }
        finally {
            direct.release();
        }
    }

    private static String text(Random random, char[] alphabet) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    private static void assertReadsLikeJackson(byte[] header) {
        RemotingCommand fast = tryRead(header);
        assertThat(fast).as("plain reader takes %s", new String(header, StandardCharsets.UTF_8)).isNotNull();
        assertThat(fast).isEqualTo(jackson(header));
        assertThat(fast.extFields()).containsExactlyEntriesOf(jackson(header).extFields());
    }

    private static void assertSameAsJackson(byte[] header) {
        RemotingCommand fast = tryRead(header);
        if (fast != null) {
            assertThat(fast).isEqualTo(jackson(header));
            assertThat(fast.extFields()).containsExactlyEntriesOf(jackson(header).extFields());
        }
    }

    private static RemotingCommand tryRead(byte[] header) {
        return Frames.withBuffer(header, (buf) -> JsonHeaderReader.tryRead(buf, null));
    }

    private static RemotingCommand jackson(byte[] header) {
        return Frames.withBuffer(header, (buf) -> JsonHeaderCodec.decodeWithJackson(buf, null));
    }

}
