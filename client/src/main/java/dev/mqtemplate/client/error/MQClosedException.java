package dev.mqtemplate.client.error;

/**
 * A send was attempted after the template (or the connection pool) was closed. Nothing was sent.
 */
public class MQClosedException extends MQNotSentException {

    private static final long serialVersionUID = 1L;

    public MQClosedException(String what) {
        super(what + " is closed: no more sends are accepted");
    }
}
