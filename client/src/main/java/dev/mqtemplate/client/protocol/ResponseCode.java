package dev.mqtemplate.client.protocol;

/**
 * Response codes a producer can receive, with readable names for log and exception messages.
 */
public final class ResponseCode {

    public static final int SUCCESS = 0;
    public static final int SYSTEM_ERROR = 1;
    /** Broker flow control (request rejected, overload, page cache busy). */
    public static final int SYSTEM_BUSY = 2;
    public static final int REQUEST_CODE_NOT_SUPPORTED = 3;
    public static final int TRANSACTION_FAILED = 4;
    /** Stored, but the synchronous flush timed out. */
    public static final int FLUSH_DISK_TIMEOUT = 10;
    /** Stored, but no slave was available for synchronous replication. */
    public static final int SLAVE_NOT_AVAILABLE = 11;
    /** Stored, but synchronous replication timed out. */
    public static final int FLUSH_SLAVE_TIMEOUT = 12;
    public static final int MESSAGE_ILLEGAL = 13;
    public static final int SERVICE_NOT_AVAILABLE = 14;
    public static final int VERSION_NOT_SUPPORTED = 15;
    public static final int NO_PERMISSION = 16;
    public static final int TOPIC_NOT_EXIST = 17;
    public static final int INVALID_PARAMETER = 29;
    public static final int NO_BUYER_ID = 204;
    public static final int NOT_IN_CURRENT_UNIT = 205;
    public static final int FLOW_CONTROL = 215;
    /** Static topics: the logical queue is not hosted by this broker. */
    public static final int NOT_LEADER_FOR_QUEUE = 501;
    public static final int ILLEGAL_OPERATION = 604;
    /** The server is shutting down; reconnect elsewhere. */
    public static final int GO_AWAY = 1500;

    private ResponseCode() {
    }

    /**
     * The code with its name, for example {@code "SYSTEM_BUSY(2)"}; {@code "UNKNOWN(n)"} for other codes.
     */
    public static String name(int code) {
        String name = switch (code) {
            case SUCCESS -> "SUCCESS";
            case SYSTEM_ERROR -> "SYSTEM_ERROR";
            case SYSTEM_BUSY -> "SYSTEM_BUSY";
            case REQUEST_CODE_NOT_SUPPORTED -> "REQUEST_CODE_NOT_SUPPORTED";
            case TRANSACTION_FAILED -> "TRANSACTION_FAILED";
            case FLUSH_DISK_TIMEOUT -> "FLUSH_DISK_TIMEOUT";
            case SLAVE_NOT_AVAILABLE -> "SLAVE_NOT_AVAILABLE";
            case FLUSH_SLAVE_TIMEOUT -> "FLUSH_SLAVE_TIMEOUT";
            case MESSAGE_ILLEGAL -> "MESSAGE_ILLEGAL";
            case SERVICE_NOT_AVAILABLE -> "SERVICE_NOT_AVAILABLE";
            case VERSION_NOT_SUPPORTED -> "VERSION_NOT_SUPPORTED";
            case NO_PERMISSION -> "NO_PERMISSION";
            case TOPIC_NOT_EXIST -> "TOPIC_NOT_EXIST";
            case INVALID_PARAMETER -> "INVALID_PARAMETER";
            case NO_BUYER_ID -> "NO_BUYER_ID";
            case NOT_IN_CURRENT_UNIT -> "NOT_IN_CURRENT_UNIT";
            case FLOW_CONTROL -> "FLOW_CONTROL";
            case NOT_LEADER_FOR_QUEUE -> "NOT_LEADER_FOR_QUEUE";
            case ILLEGAL_OPERATION -> "ILLEGAL_OPERATION";
            case GO_AWAY -> "GO_AWAY";
            default -> "UNKNOWN";
        };
        return name + "(" + code + ")";
    }
}
