package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Turns a {@link RemotingCommand} into a complete frame and a frame back into a command, choosing the header codec.
 *
 * <p>Frame layout: int32 length of what follows, int32 holding the header serialization type in its high byte and
 * the header length in its low 24 bits, the header, then the body (whatever remains). Thread-safe (stateless).
 */
public final class RemotingCommandCodec {

    /** Bytes of the length and serialization-type fields in front of the header. */
    public static final int FRAME_PREFIX_LENGTH = 8;

    /** Largest header length the 24-bit field can carry. */
    public static final int MAX_HEADER_LENGTH = 0xFFFFFF;

    private RemotingCommandCodec() {
    }

    /**
     * Writes the whole frame of {@code command}, length field included, at the writer index of {@code out}. On
     * failure nothing is left written.
     * @throws IllegalArgumentException if the command cannot be represented (header over 16 MiB, a field too wide for
     * the binary form)
     */
    public static void encode(RemotingCommand command, HeaderSerialization serialization, ByteBuf out) {
        encode(command, command.opaque(), serialization, out);
    }

    /**
     * Like {@link #encode(RemotingCommand, HeaderSerialization, ByteBuf)}, with {@code opaque} written in place of
     * the command's own: a transport numbers its requests without copying them.
     */
    public static void encode(RemotingCommand command, int opaque, HeaderSerialization serialization, ByteBuf out) {
        encode(command, opaque, serialization, null, out);
    }

    /**
     * Like {@link #encode(RemotingCommand, int, HeaderSerialization, ByteBuf)}, signing a request with
     * {@code signer} (responses are never signed, as the official client signs only what it sends).
     * @param signer {@code null} for none
     */
    public static void encode(RemotingCommand command, int opaque, HeaderSerialization serialization,
            RequestSigner signer, ByteBuf out) {
        if (signer != null && !command.isResponse()) {
            command = signer.sign(command, serialization, out);
        }
        int start = out.writerIndex();
        try {
            // Reserve the two prefix ints and patch them once the header's size is known: no second buffer.
            out.writeLong(0);
            switch (serialization) {
                case JSON -> JsonHeaderCodec.encode(command, opaque, out);
                case BINARY -> BinaryHeaderCodec.encode(command, opaque, out);
            }
            int headerLength = out.writerIndex() - start - FRAME_PREFIX_LENGTH;
            if (headerLength > MAX_HEADER_LENGTH) {
                throw new IllegalArgumentException("header of " + headerLength + " bytes exceeds the maximum of "
                        + MAX_HEADER_LENGTH + " for " + command);
            }
            if (command.body() != null) {
                out.writeBytes(command.body());
            }
            else if (command.bodyWriter() != null) {
                writeBody(command.bodyWriter(), out);
            }
            out.setInt(start, out.writerIndex() - start - 4);
            out.setInt(start + 4, (serialization.wireType() << 24) | headerLength);
        }
        catch (RuntimeException ex) {
            out.writerIndex(start);
            throw ex;
        }
    }

    private static void writeBody(BodyWriter writer, ByteBuf out) {
        int start = out.writerIndex();
        writer.writeTo(out);
        int written = out.writerIndex() - start;
        if (written != writer.length()) {
            // the frame's length field would lie: better no frame than a stream out of sync
            throw new IllegalStateException("body writer announced " + writer.length() + " bytes and wrote " + written);
        }
    }

    /**
     * Reads one command from a frame whose leading length field has already been removed: every readable byte
     * belongs to the command. Consumes the frame's readable bytes; does not release it.
     * @throws ProtocolException if the frame is malformed
     */
    public static RemotingCommand decode(ByteBuf frame) {
        RemotingCommand command = decode(frame, frame.readerIndex(), frame.readableBytes());
        frame.skipBytes(frame.readableBytes());
        return command;
    }

    /**
     * Reads one command from the {@code length} bytes at {@code index} of {@code buffer} (a frame without its length
     * field), leaving the buffer's indexes alone. Strings and body are copied out: the command never holds the buffer.
     * @throws ProtocolException if the frame is malformed
     */
    public static RemotingCommand decode(ByteBuf buffer, int index, int length) {
        if (length < 4) {
            throw new ProtocolException("frame of " + length + " bytes is too short for its header length field");
        }
        int typeAndLength = buffer.getInt(index);
        HeaderSerialization serialization = HeaderSerialization.fromWireType(typeAndLength >>> 24);
        int headerLength = typeAndLength & MAX_HEADER_LENGTH;
        int afterLengthField = length - 4;
        if (headerLength > afterLengthField) {
            throw new ProtocolException("header length " + headerLength + " exceeds the " + afterLengthField
                    + " bytes left in the frame");
        }
        int headerIndex = index + 4;
        int bodyLength = afterLengthField - headerLength;
        byte[] body = null;
        if (bodyLength > 0) {
            body = new byte[bodyLength];
            buffer.getBytes(headerIndex + headerLength, body);
        }
        return switch (serialization) {
            case JSON -> JsonHeaderCodec.decode(buffer, headerIndex, headerLength, body);
            // binary headers are the exception in answers: a view keeps that reader simple
            case BINARY -> BinaryHeaderCodec.decode(buffer.slice(headerIndex, headerLength), body);
        };
    }
}
