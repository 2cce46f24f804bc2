package dev.mqtemplate.client.error;

/**
 * Base type of every exception mqtemplate throws. Its subtypes say what is known about the message:
 * {@link MQNotSentException} (certainly not stored), {@link MQBrokerRejectedException} (the broker answered and did
 * not store it) and {@link MQOutcomeUnknownException} (written, but no answer: it may or may not be stored).
 */
public abstract class MQException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** For a failed ordered send, the queue it stayed on; {@code null} otherwise. */
    private String pinnedQueue;

    protected MQException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * For a failed ordered send (one with a sharding key, a fixed queue or a queue selector), the queue it was pinned
     * to, as {@code topic@broker#queueId}: it was not retried on another queue, which would break its key's order.
     * {@code null} for every other failure.
     */
    public String pinnedQueue() {
        return pinnedQueue;
    }

    /** Marks this failure as that of an ordered send pinned to {@code queue}. */
    public MQException pinnedTo(String queue) {
        this.pinnedQueue = queue;
        return this;
    }

    @Override
    public String getMessage() {
        return pinnedQueue == null ? super.getMessage() : super.getMessage() + " [ordered send pinned to "
                + pinnedQueue + ": not retried on another queue, which would break its order]";
    }

    /**
     * Whether retrying this send could store the message twice. True only for an unknown outcome.
     */
    public abstract boolean mayHaveBeenStored();
}
