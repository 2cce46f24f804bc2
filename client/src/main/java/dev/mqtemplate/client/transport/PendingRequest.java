package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.protocol.NumberedCommand;
import dev.mqtemplate.client.protocol.RemotingCommand;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

/**
 * One request from the moment it is handed to its connection until it ends. It travels down the pipeline itself
 * (the encoder writes its command with its opaque) and listens to its own write: one object per request where a
 * copy of the command, a future, a timer task and three lambdas used to be.
 *
 * <p>Its mutable state is touched only on the connection's I/O thread.
 */
final class PendingRequest implements NumberedCommand, ChannelFutureListener {

    private final Connection connection;

    private final RemotingCommand command;

    final long timeoutMillis;

    /** When the timeout expires, counted from the hand-over, not from the write: queueing counts too. */
    final long deadlineNanos;

    final ResponseHandler handler;

    /** Whether it ends once written, with no answer to wait for. */
    final boolean oneway;

    private int opaque;

    PendingRequest(Connection connection, RemotingCommand command, boolean oneway, long timeoutMillis,
            ResponseHandler handler) {
        this.connection = connection;
        this.command = command;
        this.oneway = oneway;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = Deadline.nanosFromNow(timeoutMillis);
        this.handler = handler;
    }

    @Override
    public RemotingCommand command() {
        return command;
    }

    @Override
    public int opaque() {
        return opaque;
    }

    /** Numbers the request as it is written. */
    void number(int opaque) {
        this.opaque = opaque;
    }

    /** The write finished. */
    @Override
    public void operationComplete(ChannelFuture written) {
        if (!written.isSuccess()) {
            connection.writeFailed(this, written.cause());
        } else if (oneway) {
            connection.writtenOneway(this);
        }
    }
}
