package dev.mqtemplate.client.error;

/**
 * The broker authenticated the access key but refused it the action on the resource (its ACL has no matching
 * allow, or a deny). Nothing was stored. Names the access key, the topic and the action. Not retried on another
 * broker: permissions are the cluster's, and a retry would only repeat the refusal.
 */
public class MQAuthorizationException extends MQBrokerRejectedException {

    private static final long serialVersionUID = 1L;

    private final String accessKey;

    private final String topic;

    private final String action;

    /**
     * @param accessKey the access key the request was signed for
     * @param topic the topic of the request, as the caller named it
     * @param action what the request does to it in ACL terms: {@code Pub} for sends, recalls and transaction ends
     */
    public MQAuthorizationException(int responseCode, String remark, String brokerAddress, String accessKey,
            String topic, String action) {
        super("broker " + brokerAddress + " refused access key '" + accessKey + "' the action " + action
                + " on topic '" + topic + "': " + remark + " (code " + responseCode + ")", responseCode, remark,
                brokerAddress);
        this.accessKey = accessKey;
        this.topic = topic;
        this.action = action;
    }

    /** The access key that was refused. */
    public String accessKey() {
        return accessKey;
    }

    /** The topic it was refused on. */
    public String topic() {
        return topic;
    }

    /** The refused action, as ACL 2.0 names it ({@code Pub}). */
    public String action() {
        return action;
    }
}
