package dev.mqtemplate.client.error;

/**
 * The broker did not authenticate the request: unknown access key, wrong signature (wrong secret key), disabled user,
 * or no credentials where the broker requires them. Nothing was stored. Names the access key, never the secret.
 * Not retried on another broker: the same credentials would be refused there too.
 */
public class MQAuthenticationException extends MQBrokerRejectedException {

    private static final long serialVersionUID = 1L;

    private final String accessKey;

    /**
     * @param accessKey the access key the request was signed for, or {@code null} if it was not signed
     */
    public MQAuthenticationException(int responseCode, String remark, String brokerAddress, String accessKey) {
        super(describe(responseCode, remark, brokerAddress, accessKey), responseCode, remark, brokerAddress);
        this.accessKey = accessKey;
    }

    /** The access key the broker did not accept, or {@code null} when the request carried none. */
    public String accessKey() {
        return accessKey;
    }

    private static String describe(int code, String remark, String address, String accessKey) {
        String what = accessKey == null
                ? "broker " + address + " requires authentication and the request carried no credentials"
                : "broker " + address + " did not authenticate access key '" + accessKey + "'";
        return what + ": " + remark + " (code " + code + ")";
    }
}
