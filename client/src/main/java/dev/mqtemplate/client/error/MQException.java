package dev.mqtemplate.client.error;

/**
 * Base type of every exception mqtemplate throws. Its subtypes say what is known about the message:
 * {@link MQNotSentException} (certainly not stored), {@link MQBrokerRejectedException} (the broker answered and did
 * not store it) and {@link MQOutcomeUnknownException} (written, but no answer: it may or may not be stored).
 */
public abstract class MQException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected MQException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether retrying this send could store the message twice. True only for an unknown outcome.
     */
    public abstract boolean mayHaveBeenStored();
}
