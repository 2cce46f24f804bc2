package dev.mqtemplate.client.send;

import dev.mqtemplate.client.error.MQException;

/**
 * Told how one send ended, exactly once. Usually called on an I/O thread, so it must not block.
 */
public interface SendOutcome {

    /** The broker stored the message. */
    void sent(SendReceipt receipt);

    /**
     * A one-way request is on the socket (one-way sends only; they get no answer).
     *
     * @param queue the queue it was addressed to
     * @param attempts requests it took
     */
    void written(dev.mqtemplate.client.route.MessageQueue queue, int attempts);

    /** The send failed, with exactly one of the three outcome kinds (not sent, rejected, outcome unknown). */
    void failed(MQException failure);
}
