package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RemotingCommandCodec;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.Namespace;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The send header writes itself into the frame; these prove it writes exactly what the map of strings it replaced
 * wrote through the codecs, and what the official 5.3.3 client writes.
 */
class SendRequestEncoderTests {

    private static final long BORN = 1700000000000L;

    @Test
    void framesMatchTheOfficialClientsBytes() {
        SendRequestEncoder encoder = new SendRequestEncoder("PG");
        OutgoingMessage message = message("T1", "WAIT\u0001true\u0002TAGS\u0001tagA\u0002", 0, 0,
                "hello".getBytes(StandardCharsets.UTF_8));
        RemotingCommand request = encoder.encode(message, new MessageQueue("T1", "broker-a", 1), BORN).withOpaque(7);
        assertThat(frame(request, HeaderSerialization.JSON)).isEqualTo(fixture("send-request-json"));
        assertThat(frame(request, HeaderSerialization.BINARY)).isEqualTo(fixture("send-request-binary"));
    }

    @Test
    void fieldsAreTheOfficialKeysInTheOfficialOrder() {
        RemotingCommand request = new SendRequestEncoder("PG").encode(message("T1", "K\u0001v\u0002", 12, -3, null),
                new MessageQueue("T1", "broker-a", 5), BORN);
        assertThat(request.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(request.extFields()).containsExactly(Map.entry("a", "PG"), Map.entry("b", "T1"),
                Map.entry("c", "TBW102"), Map.entry("d", "4"), Map.entry("e", "5"), Map.entry("f", "12"),
                Map.entry("g", "1700000000000"), Map.entry("h", "-3"), Map.entry("i", "K\u0001v\u0002"),
                Map.entry("j", "0"), Map.entry("k", "false"), Map.entry("m", "false"), Map.entry("n", "broker-a"));
    }

    @Test
    void inANamespaceTheTopicFieldIsTheStoredTopic() {
        RemotingCommand request = new SendRequestEncoder("shop%PG", Namespace.of("shop"))
                .encode(message("T1", "K\u0001v\u0002", 0, 0, null), new MessageQueue("T1", "broker-a", 5), BORN);
        assertThat(request.extFields()).containsEntry("a", "shop%PG").containsEntry("b", "shop%T1")
                .containsEntry("c", "TBW102");
    }

    @Test
    void framesMatchTheMapBasedEncodingForAwkwardText() {
        List<String> texts = List.of("", "plain", "q\"uote", "back\\slash", "a/b", "ctl\u0000\u0001\u0002\u001f\u007f",
                "tab\tnl\ncr\r", "donn\u00e9es \u2713 \u4e2d", "smile \uD83D\uDE00", "lone \uD83D high", "lone \uDE00 low",
                "x".repeat(5000) + "\u0001\u00e9");
        for (String text : texts) {
            SendRequestEncoder encoder = new SendRequestEncoder("group " + text);
            OutgoingMessage message = message("topic" + text, "P\u0001" + text + "\u0002", Integer.MIN_VALUE,
                    Integer.MAX_VALUE, new byte[] {1, 2, 3});
            MessageQueue queue = new MessageQueue(message.topic(), "broker " + text, Integer.MAX_VALUE);
            RemotingCommand fast = encoder.encode(message, queue, Long.MIN_VALUE).withOpaque(-1);
            RemotingCommand mapBased = RemotingCommand.request(fast.code(), fast.extFields(), fast.body())
                .withOpaque(-1);
            for (HeaderSerialization serialization : HeaderSerialization.values()) {
                assertThat(frame(fast, serialization)).as("%s frame for %s", serialization, text)
                    .isEqualTo(frame(mapBased, serialization));
            }
        }
    }

    @Test
    void encodesTheBornTimestampAsNow() {
        long before = System.currentTimeMillis();
        RemotingCommand request = new SendRequestEncoder("PG").encode(message("T1", "K\u0001v\u0002", 0, 0, null),
                new MessageQueue("T1", "broker-a", 0));
        assertThat(Long.parseLong(request.extField("g"))).isBetween(before, System.currentTimeMillis());
    }

    private static OutgoingMessage message(String topic, String properties, int sysFlag, int flag, byte[] body) {
        return new OutgoingMessage(topic, "ID", properties, properties.getBytes(StandardCharsets.UTF_8).length, body,
                sysFlag, flag, body == null ? 0 : body.length);
    }

    private static byte[] frame(RemotingCommand command, HeaderSerialization serialization) {
        // A small pooled direct buffer, as on the channel: growth and the direct path are exercised too.
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            RemotingCommandCodec.encode(command, serialization, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static byte[] fixture(String name) {
        String resource = "/protocol/" + name + ".hex";
        try (InputStream in = SendRequestEncoderTests.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return ByteBufUtil.decodeHexDump(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
