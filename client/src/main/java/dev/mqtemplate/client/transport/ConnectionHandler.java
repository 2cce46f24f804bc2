package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.protocol.RemotingCommand;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Last handler of a connection's pipeline, where its {@link Connection} meets the I/O thread: registers requests
 * as they are written, hands answers to their waiting requests, hands requests a broker starts to the
 * connection's inbound handlers, and closes the connection on any error, since a stream that failed to decode cannot be
 * resynchronised.
 */
final class ConnectionHandler extends ChannelDuplexHandler {

    private final Connection connection;

    ConnectionHandler(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (message instanceof PendingRequest call) {
            connection.register(call);
        }
        ctx.write(message, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof RemotingCommand command)) {
            ctx.fireChannelRead(message);
            return;
        }
        // classify by the response bit, never by opaque: the broker numbers its own requests independently
        if (command.isResponse()) {
            connection.onResponse(command);
        } else {
            connection.onRequest(command);
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
