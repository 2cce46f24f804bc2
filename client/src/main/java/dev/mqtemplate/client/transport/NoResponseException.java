package dev.mqtemplate.client.transport;

/**
 * A request was written but no answer came. The peer may have acted on it; callers that know what the request
 * carried turn this into an outcome-unknown error.
 */
public final class NoResponseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why no answer came. */
    public enum Reason {
        /** the per-request timeout expired */
        TIMEOUT,
        /** the connection closed (peer gone, protocol error) after the request was written */
        CONNECTION_LOST,
        /** the connection pool closed while the request was in flight */
        CLOSED
    }

    private final Reason reason;

    private final String address;

    NoResponseException(Reason reason, String address, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = reason;
        this.address = address;
    }

    public Reason reason() {
        return reason;
    }

    public String address() {
        return address;
    }
}
