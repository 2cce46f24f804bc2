package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the inbound byte stream into frames and decodes each into a {@link RemotingCommand}, reading it where it
 * lies in the stream's buffer: no slice per frame or per header.
 *
 * <p>The maximum frame length counts the 4-byte length field, so the largest accepted length value is four less. A
 * longer frame fails with Netty's {@link TooLongFrameException} as soon as its length is read (so does a negative
 * length: the field is read unsigned), a malformed command with {@link ProtocolException}; after either the stream is
 * out of sync, everything after is dropped, and the connection should be closed. Not sharable: one instance per
 * channel.
 */
public class FrameDecoder extends ByteToMessageDecoder {

    /** Default maximum frame length, 16 MiB, the same as RocketMQ servers use. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16_777_216;

    private static final int LENGTH_FIELD_LENGTH = 4;

    private final int maxFrameLength;

    /** Set after a frame failed: the stream cannot be resynchronised, so the rest is discarded. */
    private boolean failed;

    public FrameDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * @param maxFrameLength largest frame accepted, length field included
     */
    public FrameDecoder(int maxFrameLength) {
        if (maxFrameLength <= LENGTH_FIELD_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength must exceed " + LENGTH_FIELD_LENGTH + ", was "
                    + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_FIELD_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        long frameLength = in.getUnsignedInt(start) + LENGTH_FIELD_LENGTH;
        if (frameLength > maxFrameLength) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("frame length " + frameLength + " exceeds the maximum of "
                    + maxFrameLength + ": discarded");
        }
        if (in.readableBytes() < frameLength) {
            return;
        }
        // past the frame before decoding it: a malformed frame is consumed too, and its buffer can be released
        in.skipBytes((int) frameLength);
        try {
            out.add(RemotingCommandCodec.decode(in, start + LENGTH_FIELD_LENGTH,
                    (int) frameLength - LENGTH_FIELD_LENGTH));
        }
        catch (RuntimeException malformed) {
            failed = true;
            throw malformed;
        }
    }
}
