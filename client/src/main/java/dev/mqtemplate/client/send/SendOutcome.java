package dev.mqtemplate.client.send;

import dev.mqtemplate.client.error.MQException;

/**
 * Told how one send ended, exactly once. Usually called on an I/O thread, so it must not block.
 */
public interface SendOutcome {

    /** The broker stored the message. */
    void sent(SendReceipt receipt);

    /** The send failed, with exactly one of the three outcome kinds (not sent, rejected, outcome unknown). */
    void failed(MQException failure);
}
