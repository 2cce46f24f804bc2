package dev.mqtemplate.client.error;

/**
 * A connection failed for a TLS reason: the handshake failed (a certificate the client does not trust, a host name
 * the certificate does not name, no common protocol or cipher), the server closed the connection during the
 * handshake (it does not speak TLS), or a client without TLS was cut off by a server that requires it. Nothing was
 * sent on such a connection, so the message was not stored. The message names the address and says which side most
 * likely needs its TLS settings changed.
 */
public class MQTlsException extends MQNotSentException {

    private static final long serialVersionUID = 1L;

    public MQTlsException(String message, String address, Throwable cause) {
        super(message, address, cause);
    }

    /** The first {@code MQTlsException} in the cause chain of {@code failure} (itself included), or {@code null}. */
    public static MQTlsException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MQTlsException tls) {
                return tls;
            }
        }
        return null;
    }
}
