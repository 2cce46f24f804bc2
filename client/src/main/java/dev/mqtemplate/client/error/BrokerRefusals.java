package dev.mqtemplate.client.error;

import java.util.List;
import java.util.Locale;

/**
 * Turns a broker's error answer into the exception that says what happened. Authentication and authorization
 * refusals come as NO_PERMISSION (16), a code the broker also uses for a broker or topic that refuses writes; they are
 * told apart by the remark the 5.3.3 broker writes (its {@code AuthenticationPipeline} and
 * {@code AuthorizationPipeline} put the exception's message there).
 */
public final class BrokerRefusals {

    /** ResponseCode.NO_PERMISSION: the code of every ACL refusal. */
    public static final int NO_PERMISSION = 16;

    /** Action names of ACL 2.0, as its rules and remarks spell them. */
    public static final String PUB = "Pub";

    // the 5.3.3 broker's remarks, lower case: DefaultAuthenticationHandler, AbstractAuthenticationStrategy and
    // UserAuthorizationHandler ("User:x not found."), then AclAuthorizationHandler and AbstractAuthorizationStrategy
    private static final List<String> AUTHENTICATION_REMARKS = List.of("check signature failed",
            "username cannot be null", "is not found", "not found.", "is disabled", "authentication failed",
            "authenticationmetadataprovider is not configured");

    private static final List<String> AUTHORIZATION_REMARKS = List.of("has no permission to access",
            "authorization failed", "parse authorization context error",
            "authorizationmetadataprovider is not configured");

    private BrokerRefusals() {
    }

    /**
     * The exception for a broker's answer {@code code} with {@code remark} to a request on {@code topic}.
     *
     * @param accessKey the access key the request was signed for, or {@code null}
     * @param topic the request's topic as the caller named it, or {@code null} when it has none
     * @param action the ACL action the request needs ({@link #PUB})
     */
    public static MQBrokerRejectedException of(int code, String remark, String brokerAddress, String accessKey,
            String topic, String action) {
        if (code == NO_PERMISSION && remark != null) {
            String text = remark.toLowerCase(Locale.ROOT);
            if (AUTHORIZATION_REMARKS.stream().anyMatch(text::contains) && accessKey != null) {
                return new MQAuthorizationException(code, remark, brokerAddress, accessKey, topic, action);
            }
            if (AUTHENTICATION_REMARKS.stream().anyMatch(text::contains)) {
                return new MQAuthenticationException(code, remark, brokerAddress, accessKey);
            }
        }
        return new MQBrokerRejectedException(code, remark, brokerAddress);
    }

    /**
     * The same refusal for another message (an automatic batch's failure handed to each of its messages): the same
     * type, so callers still see an authentication or authorization error as such.
     */
    public static MQBrokerRejectedException copy(MQBrokerRejectedException rejected) {
        if (rejected instanceof MQAuthorizationException denied) {
            return new MQAuthorizationException(denied.responseCode(), denied.remark(), denied.brokerAddress(),
                    denied.accessKey(), denied.topic(), denied.action());
        }
        if (rejected instanceof MQAuthenticationException refused) {
            return new MQAuthenticationException(refused.responseCode(), refused.remark(), refused.brokerAddress(),
                    refused.accessKey());
        }
        return new MQBrokerRejectedException(rejected.responseCode(), rejected.remark(), rejected.brokerAddress());
    }

    /** Whether a refusal is about credentials or permissions: retrying on another broker would repeat it. */
    public static boolean isAccessRefusal(MQException failure) {
        return failure instanceof MQAuthenticationException || failure instanceof MQAuthorizationException;
    }
}
