package dev.mqtemplate.client.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.BodyWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The record layout the broker's batch decoder reads, byte for byte; that the broker stores what these records say
 * is shown against the real broker by {@code BatchIntegrationTests}.
 */
class MessageBatchEncoderTests {

    @Test
    void writesOneRecordPerMessageAndExactlyTheAnnouncedLength() {
        String nonAscii = "TAGS\u0001caf\u00e9 \uD83D\uDE00\u0002";
        List<MessageBatchEncoder.Entry> entries = List.of(
                entry(new byte[] {1, 2, 3}, "UNIQ_KEY\u0001A\u0002", 7),
                entry(new byte[0], nonAscii, 0));
        BodyWriter writer = MessageBatchEncoder.writer(entries);
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(0x55); // whatever precedes the body in the frame stays untouched
            writer.writeTo(out);

            assertThat(out.readableBytes()).isEqualTo(1 + writer.length());
            assertThat(out.readByte()).isEqualTo((byte) 0x55);
            assertRecord(out, new byte[] {1, 2, 3}, "UNIQ_KEY\u0001A\u0002", 7);
            assertRecord(out, new byte[0], nonAscii, 0);
            assertThat(out.isReadable()).isFalse();
        } finally {
            out.release();
        }
    }

    private static MessageBatchEncoder.Entry entry(byte[] body, String properties, int flag) {
        return new MessageBatchEncoder.Entry(body, properties, MessageProperties.utf8Length(properties), flag);
    }

    private static void assertRecord(ByteBuf in, byte[] body, String properties, int flag) {
        byte[] utf8 = properties.getBytes(StandardCharsets.UTF_8);
        assertThat(in.readInt()).as("record length").isEqualTo(MessageBatchEncoder.RECORD_OVERHEAD + body.length
                + utf8.length);
        assertThat(in.readInt()).as("magic code").isZero();
        assertThat(in.readInt()).as("body CRC").isZero();
        assertThat(in.readInt()).as("flag").isEqualTo(flag);
        assertThat(in.readInt()).as("body length").isEqualTo(body.length);
        byte[] readBody = new byte[body.length];
        in.readBytes(readBody);
        assertThat(readBody).isEqualTo(body);
        assertThat(in.readShort()).as("properties length").isEqualTo((short) utf8.length);
        byte[] readProperties = new byte[utf8.length];
        in.readBytes(readProperties);
        assertThat(readProperties).isEqualTo(utf8);
    }
}
