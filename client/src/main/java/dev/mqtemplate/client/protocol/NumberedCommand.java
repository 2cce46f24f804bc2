package dev.mqtemplate.client.protocol;

/**
 * A command on its way out together with the request id (opaque) the transport gave it. {@link FrameEncoder} writes
 * the command with that id, so a transport can number each request without copying the command.
 */
public interface NumberedCommand {

    /** The command to write; its own opaque is ignored. */
    RemotingCommand command();

    /** The opaque to write in its place. */
    int opaque();
}
