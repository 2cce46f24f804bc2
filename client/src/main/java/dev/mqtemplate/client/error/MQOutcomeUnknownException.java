package dev.mqtemplate.client.error;

/**
 * The request was written but no answer came (timeout, connection lost after the write, close while in flight):
 * the broker may or may not have stored the message. Carries the message id (UNIQ_KEY) and the broker so the caller
 * can check or deduplicate.
 */
public class MQOutcomeUnknownException extends MQException {

    private static final long serialVersionUID = 1L;

    private final String messageId;

    private final String brokerAddress;

    public MQOutcomeUnknownException(String reason, String messageId, String brokerAddress, Throwable cause) {
        super("outcome unknown for message " + messageId + " sent to " + brokerAddress + ": " + reason, cause);
        this.messageId = messageId;
        this.brokerAddress = brokerAddress;
    }

    /** The UNIQ_KEY of the message, the id a consumer sees; {@code null} for requests that are not sends. */
    public String messageId() {
        return messageId;
    }

    /** The address the request was written to. */
    public String brokerAddress() {
        return brokerAddress;
    }

    @Override
    public boolean mayHaveBeenStored() {
        return true;
    }
}
