package dev.mqtemplate.client.protocol;

import java.util.Arrays;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FrameDecoderTests {

    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        if (this.channel != null) {
            assertThat(this.channel.finishAndReleaseAll()).as("no unread messages left").isFalse();
        }
    }

    @Test
    void frameSplitAcrossWritesDecodesOnce() {
        this.channel = new EmbeddedChannel(new FrameDecoder());
        byte[] frame = Frames.fixture("send-request-json");
        int[] cuts = { 0, 3, 9, frame.length - 1, frame.length };
        for (int i = 0; i < cuts.length - 1; i++) {
            this.channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, cuts[i], cuts[i + 1])));
            if (i < cuts.length - 2) {
                assertThat((Object) this.channel.readInbound()).as("nothing before the last byte").isNull();
            }
        }
        RemotingCommand command = this.channel.readInbound();
        assertThat(command.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(command.body()).isEqualTo(Frames.utf8("hello"));
        assertThat((Object) this.channel.readInbound()).isNull();
    }

    @Test
    void twoFramesInOneBufferDecodeTwice() {
        this.channel = new EmbeddedChannel(new FrameDecoder());
        ByteBuf both = Unpooled.buffer();
        both.writeBytes(Frames.fixture("send-request-binary")).writeBytes(Frames.fixture("send-response-json"));
        this.channel.writeInbound(both);
        RemotingCommand first = this.channel.readInbound();
        RemotingCommand second = this.channel.readInbound();
        assertThat(first.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
        assertThat(first.isResponse()).isFalse();
        assertThat(second.isResponse()).isTrue();
        assertThat(second.extField("queueOffset")).isEqualTo("42");
        assertThat(both.refCnt()).as("input released").isZero();
    }

    @Test
    void acceptsAFrameOfExactlyTheMaximumLength() {
        this.channel = new EmbeddedChannel(new FrameDecoder(64));
        byte[] frame = frameOfLength(64);
        this.channel.writeInbound(Unpooled.wrappedBuffer(frame));
        RemotingCommand command = this.channel.readInbound();
        assertThat(command.code()).isEqualTo(RequestCode.HEART_BEAT);
    }

    @Test
    void rejectsAFrameOverTheConfiguredMaximum() {
        this.channel = new EmbeddedChannel(new FrameDecoder(64));
        ByteBuf tooLong = Unpooled.wrappedBuffer(frameOfLength(65));
        assertThatExceptionOfType(TooLongFrameException.class).isThrownBy(() -> this.channel.writeInbound(tooLong));
        assertThat(tooLong.refCnt()).isZero();
    }

    @Test
    void rejectsAnOversizedLengthBeforeTheFrameArrives() {
        this.channel = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf announcement = Unpooled.buffer().writeInt(1_000_000).writeInt(0);
        assertThatExceptionOfType(TooLongFrameException.class)
            .isThrownBy(() -> this.channel.writeInbound(announcement));
    }

    @Test
    void rejectsANegativeLengthAsTooLong() {
        // Netty reads the 4-byte length unsigned, so -8 is a length of almost 4 GiB.
        this.channel = new EmbeddedChannel(new FrameDecoder());
        ByteBuf negative = Unpooled.buffer().writeInt(-8).writeLong(0);
        assertThatExceptionOfType(TooLongFrameException.class)
            .isThrownBy(() -> this.channel.writeInbound(negative))
            .withMessageContaining("4294967292");
    }

    @Test
    void malformedCommandFailsAndStillReleasesTheFrame() {
        this.channel = new EmbeddedChannel(new FrameDecoder());
        byte[] header = Frames.utf8("[\"not an object\"]");
        ByteBuf input = Unpooled.buffer().writeInt(4 + header.length).writeInt(header.length).writeBytes(header);
        // Keep our own reference so the count can be checked after the decoder has let go of its share.
        input.retain();
        try {
            assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.channel.writeInbound(input))
                .withMessageContaining("not an object");
            assertThat(input.refCnt()).as("only the test's reference left").isEqualTo(1);
        }
        finally {
            Frames.release(input);
        }
    }

    @Test
    void unknownSerializationTypeFails() {
        this.channel = new EmbeddedChannel(new FrameDecoder());
        ByteBuf input = Unpooled.buffer().writeInt(4).writeInt(0x05000000);
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.channel.writeInbound(input))
            .withMessageContaining("unknown header serialization type 5");
    }

    /** A HEART_BEAT frame whose total size, length field included, is exactly {@code length}. */
    private static byte[] frameOfLength(int length) {
        int empty = Frames.encode(RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), null),
                HeaderSerialization.BINARY).length;
        byte[] frame = Frames.encode(RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), new byte[length - empty]),
                HeaderSerialization.BINARY);
        assertThat(frame).hasSize(length);
        return frame;
    }
}
