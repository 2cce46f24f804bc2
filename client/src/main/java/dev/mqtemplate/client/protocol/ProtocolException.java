package dev.mqtemplate.client.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * Thrown when bytes received from a peer do not form a valid remoting command; the message names what is wrong.
 *
 * <p>It extends Netty's {@link CorruptedFrameException} so that a pipeline treats it as a decoding failure: the
 * connection can no longer be trusted to be in sync and should be closed.
 */
public class ProtocolException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
