package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes outbound {@link RemotingCommand}s and {@link NumberedCommand}s into frames with a chosen header
 * serialization. Stateless, so one instance may be shared by all channels.
 */
@Sharable
public class FrameEncoder extends MessageToByteEncoder<Object> {

    // A typical send header is a few hundred bytes; sizing for it plus the body avoids most buffer growth.
    private static final int EXPECTED_HEADER_LENGTH = 512;

    private final HeaderSerialization serialization;

    /** Signs every request it writes when set: the one place all requests pass. */
    private final RequestSigner signer;

    public FrameEncoder(HeaderSerialization serialization) {
        this(serialization, null);
    }

    /**
     * An encoder that signs every request it writes with {@code signer} ({@code null} for none): sends, batches,
     * heartbeats, route lookups, probes, transaction ends, recalls alike.
     */
    public FrameEncoder(HeaderSerialization serialization, RequestSigner signer) {
        this.serialization = serialization;
        this.signer = signer;
    }

    @Override
    public boolean acceptOutboundMessage(Object message) {
        return message instanceof RemotingCommand || message instanceof NumberedCommand;
    }

    /**
     * The header serialization this encoder writes.
     */
    public HeaderSerialization serialization() {
        return this.serialization;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object message, boolean preferDirect) {
        RemotingCommand command = commandOf(message);
        int bodyLength = command.bodyLength();
        int capacity = RemotingCommandCodec.FRAME_PREFIX_LENGTH + EXPECTED_HEADER_LENGTH + bodyLength;
        return preferDirect ? ctx.alloc().ioBuffer(capacity) : ctx.alloc().heapBuffer(capacity);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object message, ByteBuf out) {
        if (message instanceof NumberedCommand numbered) {
            RemotingCommandCodec.encode(numbered.command(), numbered.opaque(), this.serialization, this.signer, out);
        }
        else {
            RemotingCommand command = (RemotingCommand) message;
            RemotingCommandCodec.encode(command, command.opaque(), this.serialization, this.signer, out);
        }
    }

    private static RemotingCommand commandOf(Object message) {
        return message instanceof NumberedCommand numbered ? numbered.command() : (RemotingCommand) message;
    }
}
