package dev.mqtemplate.client.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers that build and read frames while keeping every buffer's reference count balanced.
 */
final class Frames {

    private Frames() {
    }

    /** The bytes of a whole frame (length field included) for a command. */
    static byte[] encode(RemotingCommand command, HeaderSerialization serialization) {
        ByteBuf out = Unpooled.buffer();
        try {
            RemotingCommandCodec.encode(command, serialization, out);
            return ByteBufUtil.getBytes(out);
        }
        finally {
            release(out);
        }
    }

    /** Decodes a whole frame (length field included), checking the length field first. */
    static RemotingCommand decode(byte[] frame) {
        return withBuffer(frame, (buf) -> {
            assertThat(buf.readInt()).as("length field").isEqualTo(frame.length - 4);
            RemotingCommand command = RemotingCommandCodec.decode(buf);
            assertThat(buf.isReadable()).as("frame fully consumed").isFalse();
            return command;
        });
    }

    /** Decodes a frame whose length field is already stripped, as FrameDecoder hands it over. */
    static RemotingCommand decodeStripped(byte[] strippedFrame) {
        return withBuffer(strippedFrame, RemotingCommandCodec::decode);
    }

    /** Runs {@code action} on a buffer holding {@code bytes} and releases the buffer afterwards, even on failure. */
    static <T> T withBuffer(byte[] bytes, Function<ByteBuf, T> action) {
        // A real buffer even for no bytes: wrapping an empty array yields the shared EMPTY_BUFFER, which ignores release.
        ByteBuf buf = Unpooled.buffer(bytes.length).writeBytes(bytes);
        try {
            return action.apply(buf);
        }
        finally {
            release(buf);
        }
    }

    static void release(ByteBuf buf) {
        assertThat(buf.release()).as("buffer released to refCnt 0").isTrue();
    }

    static byte[] fixture(String name) {
        String resource = "/protocol/" + name + ".hex";
        try (InputStream in = Frames.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return ByteBufUtil.decodeHexDump(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A frame made of a type-and-length int, the given header bytes and body, without the outer length field. */
    static byte[] stripped(int typeAndLength, byte[] header, byte[] body) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeInt(typeAndLength).writeBytes(header).writeBytes(body);
            return ByteBufUtil.getBytes(buf);
        }
        finally {
            release(buf);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
