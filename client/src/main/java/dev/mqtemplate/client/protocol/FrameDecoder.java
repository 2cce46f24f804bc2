package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the inbound byte stream into frames and decodes each into a {@link RemotingCommand}.
 *
 * <p>The maximum frame length counts the 4-byte length field, as Netty does, so the largest accepted length value
 * is four less. A longer frame fails with Netty's {@link io.netty.handler.codec.TooLongFrameException} (so does a
 * negative length: Netty reads the field unsigned), a malformed command with {@link ProtocolException}; after either
 * the stream is out of sync and the connection should be closed. Not sharable: one instance per channel.
 */
public class FrameDecoder extends LengthFieldBasedFrameDecoder {

    /** Default maximum frame length, 16 MiB, the same as RocketMQ servers use. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16_777_216;

    private static final int LENGTH_FIELD_LENGTH = 4;

    public FrameDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * @param maxFrameLength largest frame accepted, length field included
     */
    public FrameDecoder(int maxFrameLength) {
        super(maxFrameLength, 0, LENGTH_FIELD_LENGTH, 0, LENGTH_FIELD_LENGTH);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            return RemotingCommandCodec.decode(frame);
        }
        finally {
            // The command holds copies (strings, body array), never the buffer, so the frame is done with here.
            frame.release();
        }
    }
}
