package dev.mqtemplate.client.error;

/**
 * The message was certainly not stored: it never reached a broker (no route, connection refused, channel not
 * writable), or it was refused before the network. Safe to retry.
 */
public class MQNotSentException extends MQException {

    private static final long serialVersionUID = 1L;

    private final String address;

    public MQNotSentException(String message, String address, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    public MQNotSentException(String message) {
        this(message, null, null);
    }

    /**
     * The broker or name server address involved, or {@code null} when no address was reached.
     */
    public String address() {
        return address;
    }

    @Override
    public final boolean mayHaveBeenStored() {
        return false;
    }
}
