package dev.mqtemplate.client.protocol;

/**
 * Request codes a producer sends or receives, with readable names for log and exception messages.
 */
public final class RequestCode {

    /** Send one message, header with long field names (still accepted by brokers). */
    public static final int SEND_MESSAGE = 10;

    /** Client-to-broker heartbeat that registers the client's producer and consumer groups. */
    public static final int HEART_BEAT = 34;

    public static final int UNREGISTER_CLIENT = 35;

    /** Commit or roll back a half message; sent oneway. */
    public static final int END_TRANSACTION = 37;

    /** Broker asks the producer about a half message; arrives oneway. */
    public static final int CHECK_TRANSACTION_STATE = 39;

    public static final int GET_ROUTEINFO_BY_TOPIC = 105;

    public static final int GET_BROKER_CLUSTER_INFO = 106;

    /** Send one message, header with single-letter field names; what the official client uses. */
    public static final int SEND_MESSAGE_V2 = 310;

    public static final int SEND_BATCH_MESSAGE = 320;

    /**
     * A broker pushes a reply message to the client that sent the request (the client id in the request's
     * {@code REPLY_TO_CLIENT} property); the client answers SUCCESS once it has taken it.
     */
    public static final int PUSH_REPLY_MESSAGE_TO_CLIENT = 326;

    /** Cancel a timer message not yet due, by the recall handle its send returned (brokers 5.3.2 and later). */
    public static final int RECALL_MESSAGE = 370;

    private RequestCode() {
    }

    /**
     * The code with its name, for example {@code "SEND_MESSAGE_V2(310)"}; {@code "UNKNOWN(n)"} for other codes.
     */
    public static String name(int code) {
        String name = switch (code) {
            case SEND_MESSAGE -> "SEND_MESSAGE";
            case HEART_BEAT -> "HEART_BEAT";
            case UNREGISTER_CLIENT -> "UNREGISTER_CLIENT";
            case END_TRANSACTION -> "END_TRANSACTION";
            case CHECK_TRANSACTION_STATE -> "CHECK_TRANSACTION_STATE";
            case GET_ROUTEINFO_BY_TOPIC -> "GET_ROUTEINFO_BY_TOPIC";
            case GET_BROKER_CLUSTER_INFO -> "GET_BROKER_CLUSTER_INFO";
            case SEND_MESSAGE_V2 -> "SEND_MESSAGE_V2";
            case SEND_BATCH_MESSAGE -> "SEND_BATCH_MESSAGE";
            case PUSH_REPLY_MESSAGE_TO_CLIENT -> "PUSH_REPLY_MESSAGE_TO_CLIENT";
            case RECALL_MESSAGE -> "RECALL_MESSAGE";
            default -> "UNKNOWN";
        };
        return name + "(" + code + ")";
    }
}
