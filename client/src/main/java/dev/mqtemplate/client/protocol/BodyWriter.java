package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A body written straight into its request's frame, for bodies assembled from parts (a batch's records): the parts
 * are copied once, into the frame, instead of first into an array of their own.
 */
public interface BodyWriter {

    /** Exactly the number of bytes {@link #writeTo} writes. */
    int length();

    /** Writes the body at the writer index of {@code out}; may be called more than once (a retry writes it again). */
    void writeTo(ByteBuf out);
}
