package dev.mqtemplate.client.error;

/**
 * An async send was refused because too many sends, or too many bytes, were already in flight, and room did not free
 * up within the allowed wait. Nothing was sent.
 */
public class MQBackpressureException extends MQNotSentException {

    private static final long serialVersionUID = 1L;

    public MQBackpressureException(String message) {
        super(message);
    }
}
