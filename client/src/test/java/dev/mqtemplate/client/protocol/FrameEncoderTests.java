package dev.mqtemplate.client.protocol;

import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class FrameEncoderTests {

    @ParameterizedTest
    @EnumSource(HeaderSerialization.class)
    void writesTheSameBytesAsTheCodec(HeaderSerialization serialization) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(serialization));
        RemotingCommand command = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("a", "PG"),
                new byte[2048]).withOpaque(11);
        assertThat(channel.writeOutbound(command)).isTrue();
        ByteBuf frame = channel.readOutbound();
        try {
            assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(Frames.encode(command, serialization));
        }
        finally {
            Frames.release(frame);
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HeaderSerialization.class)
    void encoderOutputFeedsTheDecoder(HeaderSerialization serialization) {
        FrameEncoder encoder = new FrameEncoder(serialization);
        EmbeddedChannel client = new EmbeddedChannel(encoder);
        EmbeddedChannel server = new EmbeddedChannel(new FrameDecoder());
        RemotingCommand first = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "T"),
                null).withOpaque(1);
        RemotingCommand second = RemotingCommand.oneway(RequestCode.END_TRANSACTION, Map.of("k", "v"),
                Frames.utf8("x")).withOpaque(2);
        client.writeOutbound(first, second);
        ByteBuf out;
        while ((out = client.readOutbound()) != null) {
            server.writeInbound(out);
        }
        assertThat((RemotingCommand) server.readInbound()).isEqualTo(first);
        assertThat((RemotingCommand) server.readInbound()).isEqualTo(second);
        assertThat(client.finishAndReleaseAll()).isFalse();
        assertThat(server.finishAndReleaseAll()).isFalse();
    }

    @Test
    void oneInstanceServesSeveralChannels() {
        FrameEncoder shared = new FrameEncoder(HeaderSerialization.JSON);
        assertThat(shared.isSharable()).isTrue();
        assertThat(shared.serialization()).isEqualTo(HeaderSerialization.JSON);
        EmbeddedChannel one = new EmbeddedChannel(shared);
        EmbeddedChannel two = new EmbeddedChannel(shared);
        one.writeOutbound(RemotingCommand.request(1, null, null));
        two.writeOutbound(RemotingCommand.request(2, null, null));
        assertThat(one.finishAndReleaseAll()).as("one frame was pending").isTrue();
        assertThat(two.finishAndReleaseAll()).as("one frame was pending").isTrue();
    }
}
