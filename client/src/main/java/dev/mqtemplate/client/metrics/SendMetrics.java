package dev.mqtemplate.client.metrics;

/**
 * Receives what the client measures. Every method has a no-op default, so an implementation overrides only what it
 * records; {@link #NONE} records nothing. Called on sending and I/O threads: implementations must be thread-safe and
 * quick.
 */
public interface SendMetrics {

    /** Records nothing. */
    SendMetrics NONE = new SendMetrics() {
    };

    /**
     * A send finished.
     *
     * @param topic the topic
     * @param broker the broker name it went to (the address when no route names it), or {@code none}
     * @param mode sync, async or one-way
     * @param status the send status name (SEND_OK, FLUSH_DISK_TIMEOUT, ...), or {@code ERROR}
     * @param error the failure, or null
     * @param nanos time from the call to the outcome
     */
    default void sendCompleted(String topic, String broker, SendMode mode, String status, Throwable error, long nanos) {
    }

    /**
     * A body was prepared for the wire.
     *
     * @param topic the topic
     * @param originalBytes the body size before compression
     * @param sentBytes the body size on the wire
     * @param compressed whether it was compressed
     * @param compressNanos time spent compressing (0 when below the threshold)
     */
    default void bodyPrepared(String topic, int originalBytes, int sentBytes, boolean compressed, long compressNanos) {
    }

    /** A send is tried again after a failure known not to have stored the message (or an unknown one, if enabled). */
    default void retried(String topic) {
    }

    /** An async send waited {@code nanos} for room under the in-flight limits (recorded only when it waited). */
    default void backpressureWaited(String topic, long nanos) {
    }

    /** A route was asked of a name server; {@code outcome} is {@code success}, {@code not_found} or {@code error}. */
    default void routeLookup(String topic, String outcome) {
    }

    /**
     * A broker asked about a transactional message and got an answer; {@code answer} is {@code commit},
     * {@code rollback}, {@code unknown}, or {@code unmatched} when no checker was registered for its topic.
     */
    default void transactionChecked(String topic, String answer) {
    }

    /**
     * A transactional send was ended by its own client: {@code decision} is {@code commit}, {@code rollback} or
     * {@code unknown}; {@code endWritten} says whether END_TRANSACTION reached the socket (when not, the broker's
     * check-back settles the message).
     */
    default void transactionEnded(String topic, String decision, boolean endWritten) {
    }

    /**
     * Automatic batching sent a request of {@code messages} messages (1 when a message went alone) whose oldest
     * message waited {@code lingerNanos} for it.
     */
    default void autoBatchSent(String topic, int messages, long lingerNanos) {
    }

    /**
     * A request-reply call ended.
     *
     * @param topic the request's topic
     * @param outcome {@code received} (its reply came), {@code timeout} (none came in time), {@code failed} (the
     *     request was certainly not stored: not sent or rejected) or {@code closed} (the template closed first)
     * @param nanos time from the call to that end
     */
    default void replyCompleted(String topic, String outcome, long nanos) {
    }

    /**
     * A reply came that no request was waiting for, and was dropped; {@code reason} is {@code late} (its request had
     * timed out) or {@code unmatched} (no recent request of this client had its correlation id).
     */
    default void replyDropped(String reason) {
    }
}
