package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.protocol.RemotingCommand;

/**
 * Told how one request ended, exactly once: with its answer, or with why there is none. A callback rather than a
 * future, so that a sender can be its own handler and a request costs no future and no stage.
 *
 * <p>Usually called on the connection's I/O thread, so it must not block, and should not throw: the connection
 * logs and swallows what it throws, so that other requests still complete. It is called on the caller's thread
 * when the request fails before it is handed to the connection.
 */
public interface ResponseHandler {

    /** The answer came. */
    void onResponse(RemotingCommand response);

    /**
     * A one-way request is on the socket; it gets no answer, so this ends it. Never called for requests that expect
     * an answer.
     */
    default void onWritten() {
    }

    /**
     * No answer: {@link dev.mqtemplate.client.error.MQNotSentException} when the request was not written,
     * {@link NoResponseException} when it was and no answer came.
     */
    void onFailure(Throwable failure);
}
