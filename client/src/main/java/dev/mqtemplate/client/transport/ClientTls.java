package dev.mqtemplate.client.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * TLS for every connection of one client, name servers and brokers alike: the Netty {@link SslContext} (trust,
 * client key, protocols, ciphers) and whether the server's certificate must name the host connected to. Nothing
 * here reads or sets a JVM-wide property: two clients in one JVM can trust different authorities.
 *
 * <p>Hostname verification is on by default (HTTPS rules: the certificate's subject alternative names must contain
 * the host name of the address, or its IP address when the address is an IP literal such as {@code 127.0.0.1}).
 * It is decided here, whatever the context was built with.
 *
 * @param sslContext a client context, e.g. {@code SslContextBuilder.forClient().trustManager(caFile).build()}
 * @param hostnameVerification whether the server certificate must name the host (or IP) of the address
 */
public record ClientTls(SslContext sslContext, boolean hostnameVerification) {

    public ClientTls {
        Objects.requireNonNull(sslContext, "sslContext");
        if (!sslContext.isClient()) {
            throw new IllegalArgumentException("sslContext must be a client context (SslContextBuilder.forClient())");
        }
    }

    /** TLS with this context, the server's certificate checked against the host name of each address. */
    public static ClientTls of(SslContext sslContext) {
        return new ClientTls(sslContext, true);
    }

    /** TLS trusting the JDK's default trust store (the public certificate authorities), hostnames verified. */
    public static ClientTls withJdkTrust() {
        try {
            return of(SslContextBuilder.forClient().build());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context with the JDK's default trust: " + e.getMessage(), e);
        }
    }

    /** The same context, with hostname verification turned on or off. */
    public ClientTls hostnameVerification(boolean verify) {
        return new ClientTls(sslContext, verify);
    }
}
