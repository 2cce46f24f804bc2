package dev.mqtemplate.client;

import dev.mqtemplate.client.metrics.SendMode;
import java.util.Locale;

/**
 * A hook around each send, for tracing: single messages ({@code send}, {@code sendAsync}, {@code sendOneway},
 * {@code sendOnewayAsync}), batches, the half message of a transactional send, and request-reply calls. It starts
 * before the messages are prepared, may give back a copy of each message with properties added (a trace context,
 * say), and is told the outcome. {@link #NONE}, the default, adds nothing and costs nothing. Called on the caller's
 * thread to start and, for asynchronous sends, on an I/O thread to stop: implementations must be thread-safe and
 * quick; what they throw is not caught, so they must not throw.
 */
@FunctionalInterface
public interface SendObserver {

    /** Observes nothing; the template skips the hook entirely. */
    SendObserver NONE = (message, mode, kind) -> ObservedSend.NONE;

    /**
     * A send starts.
     *
     * @param message the message; for a batch, its first one (every message of the batch then goes through
     *     {@link ObservedSend#message(MQMessage)}); null when the caller gave none, to be refused by validation
     * @param mode how it is sent
     * @param kind which operation it is
     * @return the send under observation; its {@link ObservedSend#message(MQMessage)} gives the message to send
     */
    ObservedSend start(MQMessage message, SendMode mode, Kind kind);

    /** The operation a send belongs to. */
    enum Kind {
        /** One message, acknowledged or one way. */
        SEND,
        /** Several messages to one topic, together. */
        BATCH,
        /** The half message of a transactional send; the observation ends when the broker has stored it. */
        TRANSACTIONAL,
        /** A request-reply call; the observation ends with the reply or the failure. */
        REQUEST;

        /** Lower-case name, as used in tags. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

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
         * A single or transactional send ended; also where the other kinds end by default.
         *
         * @param result the result of an acknowledged send; null for one-way sends and failures
         * @param error the failure (an {@link dev.mqtemplate.client.error.MQException}, or what refused the call),
         *     or null
         */
        default void stop(SendResult result, Throwable error) {
        }

        /** A batch ended, with its result or its failure. */
        default void stopBatch(BatchSendResult result, Throwable error) {
            stop(null, error);
        }

        /** A request-reply call ended, with its reply or its failure. */
        default void stopRequest(ReplyMessage reply, Throwable error) {
            stop(null, error);
        }
    }
}
