package dev.mqtemplate.client.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RemotingCommandCodecTests {

    static List<Arguments> commands() {
        Map<String, String> sendHeader = new LinkedHashMap<>();
        sendHeader.put("a", "PG");
        sendHeader.put("b", "T1");
        sendHeader.put("i", "WAIT\u0001true\u0002TAGS\u0001tagA\u0002");
        sendHeader.put("n", "broker-\u00e4\u2713");
        List<RemotingCommand> commands = List.of(
                RemotingCommand.request(RequestCode.HEART_BEAT, null, null),
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader, Frames.utf8("hello")).withOpaque(7),
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader, new byte[] { 0, -1, 10 })
                    .withOpaque(-123_456),
                RemotingCommand.oneway(RequestCode.END_TRANSACTION, Map.of("k", "v"), null).withOpaque(Integer.MIN_VALUE),
                RemotingCommand.response(ResponseCode.SUCCESS, null, Map.of("msgId", "ABC"), null).withOpaque(1),
                RemotingCommand.response(ResponseCode.SYSTEM_BUSY, "[REJECTREQUEST] busy \u0001\u0002 \u00fc", null,
                        Frames.utf8("{\"x\":1}")).withOpaque(Integer.MAX_VALUE));
        List<Arguments> arguments = new ArrayList<>();
        for (HeaderSerialization serialization : HeaderSerialization.values()) {
            for (RemotingCommand command : commands) {
                arguments.add(Arguments.of(serialization, command));
            }
        }
        return arguments;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("commands")
    void roundTripsAFrame(HeaderSerialization serialization, RemotingCommand command) {
        byte[] frame = Frames.encode(command, serialization);
        assertThat(frame[4] & 0xFF).as("serialization type byte").isEqualTo(serialization.wireType());
        assertThat(Frames.decode(frame)).isEqualTo(command);
    }

    @Test
    void lengthFieldsDescribeTheFrame() {
        RemotingCommand command = RemotingCommand.request(1, Map.of("k", "v"), Frames.utf8("body!"));
        byte[] frame = Frames.encode(command, HeaderSerialization.BINARY);
        int headerLength = 17 + 4 + (2 + 1 + 4 + 1);
        Frames.withBuffer(frame, (buf) -> {
            assertThat(buf.getInt(0)).isEqualTo(frame.length - 4);
            assertThat(buf.getInt(4)).isEqualTo((1 << 24) | headerLength);
            assertThat(frame.length).isEqualTo(8 + headerLength + 5);
            return null;
        });
    }

    @Test
    void appendsAfterExistingBytes() {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeBytes(new byte[] { 9, 9, 9 });
            RemotingCommandCodec.encode(RemotingCommand.request(1, null, null), HeaderSerialization.JSON, out);
            out.skipBytes(3);
            assertThat(out.readInt()).isEqualTo(out.readableBytes());
            assertThat(RemotingCommandCodec.decode(out).code()).isEqualTo(1);
        }
        finally {
            Frames.release(out);
        }
    }

    @Test
    void failedEncodingLeavesNothingWritten() {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(1);
            RemotingCommand tooWide = RemotingCommand.request(100_000, null, null);
            assertThatIllegalArgumentException()
                .isThrownBy(() -> RemotingCommandCodec.encode(tooWide, HeaderSerialization.BINARY, out));
            assertThat(out.writerIndex()).isEqualTo(1);
        }
        finally {
            Frames.release(out);
        }
    }

    @Test
    void bodyWriterIsWrittenIntoTheFrameAndReadBackAsABody() {
        byte[] parts = {9, 8, 7, 6};
        RemotingCommand command = RemotingCommand.requestWithHeader(320, NO_FIELDS, writer(parts.length, parts));
        ByteBuf out = Unpooled.buffer();
        try {
            RemotingCommandCodec.encode(command, 42, HeaderSerialization.JSON, out);
            out.skipBytes(4);
            RemotingCommand decoded = RemotingCommandCodec.decode(out);
            assertThat(decoded.body()).isEqualTo(parts);
            assertThat(decoded.opaque()).isEqualTo(42);
            assertThat(command.bodyLength()).isEqualTo(4);
        }
        finally {
            Frames.release(out);
        }
    }

    @Test
    void aBodyWriterThatWritesOtherThanItAnnouncedLeavesNothingWritten() {
        RemotingCommand liar = RemotingCommand.requestWithHeader(320, NO_FIELDS, writer(10, new byte[] {1, 2}));
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(1);
            assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> RemotingCommandCodec.encode(liar, HeaderSerialization.JSON, out))
                .withMessageContaining("announced 10 bytes and wrote 2");
            assertThat(out.writerIndex()).isEqualTo(1);
        }
        finally {
            Frames.release(out);
        }
    }

    private static final CustomHeader NO_FIELDS = new CustomHeader() {
        @Override
        public void writeJson(ByteBuf out) {
            out.writeByte('{').writeByte('}');
        }

        @Override
        public void writeBinary(ByteBuf out) {
        }

        @Override
        public Map<String, String> toMap() {
            return Map.of();
        }
    };

    private static BodyWriter writer(int announced, byte[] written) {
        return new BodyWriter() {
            @Override
            public int length() {
                return announced;
            }

            @Override
            public void writeTo(ByteBuf out) {
                out.writeBytes(written);
            }
        };
    }

    @Test
    void emptyBodyDecodesAsNull() {
        RemotingCommand command = RemotingCommand.request(1, null, new byte[0]);
        assertThat(Frames.decode(Frames.encode(command, HeaderSerialization.JSON)).body()).isNull();
    }

    @Test
    void rejectsAnUnknownSerializationType() {
        byte[] frame = Frames.stripped((7 << 24) | 2, Frames.utf8("{}"), new byte[0]);
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> Frames.decodeStripped(frame))
            .withMessage("unknown header serialization type 7 (expected 0 for JSON or 1 for binary)");
        byte[] garbage = Frames.stripped(0xFFFFFFFF, new byte[0], new byte[0]);
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> Frames.decodeStripped(garbage))
            .withMessageStartingWith("unknown header serialization type 255");
    }

    @Test
    void rejectsAHeaderLengthLargerThanTheFrame() {
        byte[] frame = Frames.stripped(5000, Frames.utf8("{\"code\":0}"), new byte[0]);
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> Frames.decodeStripped(frame))
            .withMessage("header length 5000 exceeds the 10 bytes left in the frame");
    }

    @Test
    void rejectsAFrameTooShortForTheHeaderLength() {
        assertThatExceptionOfType(ProtocolException.class)
            .isThrownBy(() -> Frames.decodeStripped(new byte[] { 0, 0 }))
            .withMessage("frame of 2 bytes is too short for its header length field");
    }

    @Test
    void rejectsMalformedHeadersOfEitherForm() {
        byte[] json = Frames.stripped(5, Frames.utf8("[1,2]"), new byte[0]);
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> Frames.decodeStripped(json))
            .withMessageContaining("not an object");
        byte[] binary = Frames.stripped((1 << 24) | 3, new byte[3], new byte[0]);
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> Frames.decodeStripped(binary))
            .withMessageContaining("truncated");
    }
}
