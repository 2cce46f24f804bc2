package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.transport.ClientTls;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.Arrays;
import javax.net.ssl.SSLException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Turns a Spring Boot {@link SslBundle} into the client's {@link ClientTls}: a Netty client context from the bundle's
 * key and trust manager factories, with its enabled protocols and ciphers when it names any. For this client only:
 * nothing is set JVM-wide. Boot's bundles carry no hostname-verification setting, so {@code mq.ssl.verify-hostname}
 * decides (on by default).
 */
final class SslBundleTls {

    private SslBundleTls() {
    }

    static ClientTls from(String name, SslBundle bundle, boolean verifyHostname) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .keyManager(bundle.getManagers().getKeyManagerFactory())
                .trustManager(bundle.getManagers().getTrustManagerFactory());
        SslOptions options = bundle.getOptions();
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        if (options.getCiphers() != null) {
            builder.ciphers(Arrays.asList(options.getCiphers()));
        }
        try {
            return new ClientTls(builder.build(), verifyHostname);
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context from SSL bundle '" + name + "': "
                    + e.getMessage(), e);
        }
    }
}
