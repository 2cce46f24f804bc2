package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes outbound {@link RemotingCommand}s into frames with a chosen header serialization. Stateless, so one
 * instance may be shared by all channels.
 */
@Sharable
public class FrameEncoder extends MessageToByteEncoder<RemotingCommand> {

    // A typical send header is a few hundred bytes; sizing for it plus the body avoids most buffer growth.
    private static final int EXPECTED_HEADER_LENGTH = 512;

    private final HeaderSerialization serialization;

    public FrameEncoder(HeaderSerialization serialization) {
        super(RemotingCommand.class);
        this.serialization = serialization;
    }

    /**
     * The header serialization this encoder writes.
     */
    public HeaderSerialization serialization() {
        return this.serialization;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand command, boolean preferDirect) {
        int bodyLength = (command.body() != null) ? command.body().length : 0;
        int capacity = RemotingCommandCodec.FRAME_PREFIX_LENGTH + EXPECTED_HEADER_LENGTH + bodyLength;
        return preferDirect ? ctx.alloc().ioBuffer(capacity) : ctx.alloc().heapBuffer(capacity);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        RemotingCommandCodec.encode(command, this.serialization, out);
    }
}
