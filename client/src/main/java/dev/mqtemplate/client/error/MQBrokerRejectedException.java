package dev.mqtemplate.client.error;

/**
 * The broker answered with an error code: the message was not stored. Carries the response code, the broker's
 * remark and its address.
 */
public class MQBrokerRejectedException extends MQException {

    private static final long serialVersionUID = 1L;

    private final int responseCode;

    private final String remark;

    private final String brokerAddress;

    public MQBrokerRejectedException(int responseCode, String remark, String brokerAddress) {
        super("broker " + brokerAddress + " rejected the request: code " + responseCode
                + (remark == null ? "" : ", remark: " + remark), null);
        this.responseCode = responseCode;
        this.remark = remark;
        this.brokerAddress = brokerAddress;
    }

    /** For subtypes that say more than the code: {@code message} in place of the generic one. */
    protected MQBrokerRejectedException(String message, int responseCode, String remark, String brokerAddress) {
        super(message, null);
        this.responseCode = responseCode;
        this.remark = remark;
        this.brokerAddress = brokerAddress;
    }

    /** The response code the broker answered with (never 0, 10, 11 or 12). */
    public int responseCode() {
        return responseCode;
    }

    /** The broker's remark, or {@code null}. */
    public String remark() {
        return remark;
    }

    /** The address of the broker that answered. */
    public String brokerAddress() {
        return brokerAddress;
    }

    @Override
    public boolean mayHaveBeenStored() {
        return false;
    }
}
