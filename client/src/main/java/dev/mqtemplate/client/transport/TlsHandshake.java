package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.error.MQTlsException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslClosedEngineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The TLS side of opening a connection: the {@link SslHandler} that goes first in the pipeline, and the wait for its
 * handshake, bounded by what is left of the connect timeout, with failures turned into {@link MQTlsException}s that
 * name the address and the likely fix.
 */
final class TlsHandshake {

    private TlsHandshake() {
    }

    /**
     * A handler for a connection to {@code address} ({@code host:port}): the host goes into SNI and, with hostname
     * verification on, must be named by the server's certificate (an IP literal must be one of its IP SANs).
     */
    static SslHandler newHandler(ClientTls tls, ByteBufAllocator alloc, String address, long connectTimeoutMillis) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(address.substring(colon + 1));
        SslHandler handler = tls.sslContext().newHandler(alloc, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        // decided by our setting, whatever the context was built with (Netty 4.2 turns it on, 4.1 left it off);
        // off is "", not null: the JDK engine keeps its algorithm when given null
        parameters.setEndpointIdentificationAlgorithm(tls.hostnameVerification() ? "HTTPS" : "");
        engine.setSSLParameters(parameters);
        // an upper bound until the TCP connect is done; then cut to what is left of the connect timeout
        handler.setHandshakeTimeoutMillis(connectTimeoutMillis);
        return handler;
    }

    /**
     * Called once the TCP connection is up, before the handshake starts (Netty completes the connect future before
     * it fires channelActive, which starts the handshake): waits for the handshake, then runs {@code ready} or
     * closes the channel and hands {@code failed} an {@link MQTlsException}.
     */
    static void await(SslHandler handler, Channel channel, String address, long deadlineNanos, Runnable ready,
            Consumer<MQTlsException> failed) {
        long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        handler.setHandshakeTimeoutMillis(leftMillis);
        handler.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                ready.run();
            } else {
                channel.close();
                failed.accept(failure(address, done.cause()));
            }
        });
    }

    /** The typed failure of a handshake with {@code address}, saying what most likely went wrong. */
    static MQTlsException failure(String address, Throwable cause) {
        String detail = rootMessage(cause);
        String hint;
        if (cause instanceof SslHandshakeTimeoutException) {
            hint = "not finished within the connect timeout";
        } else if (cause instanceof ClosedChannelException || cause instanceof SslClosedEngineException) {
            hint = "the server closed the connection during the handshake: it may not use TLS on this port "
                    + "(a RocketMQ server with tls.server.mode=disabled does this)";
        } else if (detail.contains("PKIX") || detail.contains("certification path") || hasCause(cause,
                CertificateException.class) && !detail.contains("subject alternative") && !detail.contains("No name")) {
            hint = "the server's certificate is not trusted by this client's trust material (add the authority that "
                    + "signed it, e.g. to the SSL bundle's truststore)";
        } else if (detail.contains("subject alternative") || detail.contains("No name matching")) {
            hint = "the server's certificate does not name the host of " + address
                    + " (connect by a name it carries, or turn hostname verification off)";
        } else {
            hint = "handshake failed";
        }
        return new MQTlsException("TLS handshake with " + address + " failed: " + hint + ": " + detail, address, cause);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        if (failure == null) {
            return "cancelled";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : failure.getMessage();
        return message != null ? message : root.getClass().getSimpleName();
    }
}
