package dev.mqtemplate.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Generated frames against the decoders: any byte sequence either decodes or fails with a decoder exception (never
 * another exception, never a hang, never a leaked buffer); any command round-trips through both header forms.
 *
 * <p>CI runs a modest number of tries; {@code ./mvnw -pl client test -Dtest=FrameDecoderPropertyTests
 * -Djqwik.tries.default=1000000} (after an install) runs a million per property.
 */
class FrameDecoderPropertyTests {

    @Property
    void arbitraryBytesDecodeOrFailCleanly(@ForAll @Size(max = 512) byte[] bytes,
            @ForAll @IntRange(min = 1, max = 64) int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4096));
        try {
            for (int offset = 0; offset < bytes.length; offset += chunk) {
                int length = Math.min(chunk, bytes.length - offset);
                channel.writeInbound(Unpooled.copiedBuffer(bytes, offset, length));
            }
        } catch (DecoderException expected) {
            // malformed input is a decoder error, and that is all it may be
        } finally {
            closeQuietlyAsADecoderMay(channel);
        }
    }

    @Property
    void framesWithAPlausibleLengthAndArbitraryHeadersDecodeOrFailCleanly(@ForAll @Size(max = 300) byte[] rest,
            @ForAll @IntRange(min = 0, max = 1) int serializeType, @ForAll @IntRange(min = -5, max = 400) int headerLength) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(4 + rest.length);
        frame.writeInt((serializeType << 24) | (headerLength & 0xFFFFFF));
        frame.writeBytes(rest);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4096));
        try {
            channel.writeInbound(frame);
        } catch (DecoderException expected) {
            // a header that lies about its length, or garbage inside it, is a decoder error
        } finally {
            closeQuietlyAsADecoderMay(channel);
        }
    }

    @Property
    void everyCommandRoundTripsThroughBothHeaderForms(@ForAll("commands") RemotingCommand command,
            @ForAll HeaderSerialization serialization) {
        ByteBuf out = Unpooled.buffer();
        try {
            RemotingCommandCodec.encode(command, serialization, out);
            out.skipBytes(4);
            RemotingCommand decoded = RemotingCommandCodec.decode(out);
            assertThat(decoded.code()).isEqualTo(command.code());
            assertThat(decoded.opaque()).isEqualTo(command.opaque());
            assertThat(decoded.flag()).isEqualTo(command.flag());
            assertThat(decoded.extFields()).isEqualTo(expectedExtFields(command, serialization));
            // the frame has no body length: an empty body and no body are the same bytes
            byte[] body = command.body() == null || command.body().length == 0 ? null : command.body();
            assertThat(decoded.body()).isEqualTo(body);
        } finally {
            out.release();
        }
    }

    /**
     * Closing runs the decoder once more over the bytes left (a frame cut short by the close); that may fail too, and
     * may only fail as a decoder error.
     */
    private static void closeQuietlyAsADecoderMay(EmbeddedChannel channel) {
        try {
            channel.finishAndReleaseAll();
        } catch (DecoderException expected) {
            channel.releaseInbound();
            channel.releaseOutbound();
        }
    }

    @Provide
    Arbitrary<RemotingCommand> commands() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\u07ff').ofMaxLength(40);
        Arbitrary<Map<String, String>> ext = Arbitraries.maps(text.filter(k -> !k.isEmpty()), text).ofMaxSize(6);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.2);
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 32767), Arbitraries.integers(),
                Arbitraries.integers().between(0, 3), ext, body)
                .as((code, opaque, flag, fields, payload) -> RemotingCommand.of(code, LanguageCode.JAVA,
                        MQVersion.CURRENT, opaque, flag, null, fields, payload));
    }

    /** The binary form reads an empty value as absent (as RocketMQ's own decoder does). */
    private static Map<String, String> expectedExtFields(RemotingCommand command, HeaderSerialization serialization) {
        if (serialization == HeaderSerialization.JSON) {
            return command.extFields();
        }
        Map<String, String> present = new LinkedHashMap<>();
        command.extFields().forEach((k, v) -> {
            if (!v.isEmpty()) {
                present.put(k, v);
            }
        });
        return present;
    }
}
