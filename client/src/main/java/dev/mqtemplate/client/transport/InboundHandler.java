package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.ResponseCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Map;

/**
 * Last handler of a connection's pipeline: hands answers to their waiting requests, declines requests a broker
 * starts (this producer handles none yet), and closes the connection on any error, since a stream that failed to
 * decode cannot be resynchronised.
 */
final class InboundHandler extends SimpleChannelInboundHandler<RemotingCommand> {

    private final Connection connection;

    InboundHandler(Connection connection) {
        this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand command) {
        // classify by the response bit, never by opaque: the broker numbers its own requests independently
        if (command.isResponse()) {
            connection.onResponse(command);
        } else if (!command.isOneway()) {
            ctx.writeAndFlush(RemotingCommand.responseTo(command, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + command.code() + " not supported by mqtemplate", Map.of(), null));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.recordCause(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onClosed();
        ctx.fireChannelInactive();
    }
}
