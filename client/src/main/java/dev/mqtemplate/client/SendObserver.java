package dev.mqtemplate.client;

import dev.mqtemplate.client.metrics.SendMode;

/**
 * A hook around each single-message send ({@code send}, {@code sendAsync}, {@code sendOneway},
 * {@code sendOnewayAsync}), for tracing: it starts before the message is prepared, may give back a copy of the
 * message with properties added (a trace context, say), and is told the outcome. {@link #NONE}, the default, adds
 * nothing and costs nothing. Called on the caller's thread to start and on an I/O thread to stop: implementations
 * must be thread-safe and quick; what they throw is not caught, so they must not throw.
 */
@FunctionalInterface
public interface SendObserver {

    /** Observes nothing; the template skips the hook entirely. */
    SendObserver NONE = (message, mode) -> ObservedSend.NONE;

    /**
     * A send of {@code message} starts.
     *
     * @return the send under observation; its {@link ObservedSend#message(MQMessage)} gives the message to send
     */
    ObservedSend start(MQMessage message, SendMode mode);

    /** One send under observation, from its start to its outcome. */
    interface ObservedSend {

        /** Adds nothing, records nothing. */
        ObservedSend NONE = new ObservedSend() {
        };

        /** The message to send in place of {@code message}: the same one, or a copy with properties added. */
        default MQMessage message(MQMessage message) {
            return message;
        }

        /**
         * The send ended.
         *
         * @param result the result of an acknowledged send; null for one-way sends and failures
         * @param error the failure (an {@link dev.mqtemplate.client.error.MQException}), or null
         */
        default void stop(SendResult result, Throwable error) {
        }
    }
}
