package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS material of a local cluster, generated with Bouncy Castle: a throw-away certificate authority and a server
 * certificate it signed for {@code 127.0.0.1} (IP SAN) and {@code localhost} (DNS SAN), so clients can keep
 * hostname verification on. PEM files: {@link #caCertificate()} is what clients trust; the servers use
 * {@link #serverCertificate()} (chain: server, then CA) and {@link #serverKey()} (unencrypted PKCS#8, as RocketMQ
 * reads it). EC P-256 keys, valid from a day ago for 30 days. No JCA provider is registered: nothing JVM-wide changes.
 */
public final class LocalTls {

    /** How the servers treat clients: RocketMQ's {@code tls.server.mode}. */
    public enum Mode {
        /** TLS only: a plaintext client's connection is closed after its first bytes. */
        ENFORCING,
        /** TLS and plaintext on the same port, told apart by the first byte. */
        PERMISSIVE;

        /** The value of {@code tls.server.mode}. */
        String propertyValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Path caCertificate;

    private final Path serverCertificate;

    private final Path serverKey;

    private LocalTls(Path directory) {
        this.caCertificate = directory.resolve("ca.pem");
        this.serverCertificate = directory.resolve("server-chain.pem");
        this.serverKey = directory.resolve("server-key.pem");
    }

    /** Generates a new authority and server certificate into {@code directory} (created if missing). */
    public static LocalTls generate(Path directory) {
        LocalTls tls = new LocalTls(directory);
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(Duration.ofDays(1)));
            Date notAfter = Date.from(now.plus(Duration.ofDays(30)));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            X500Name caName = new X500Name("CN=mqtemplate local test CA");
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), notBefore, notAfter,
                    caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = certificate(ca, caKeys);

            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCertificate, serial(), notBefore,
                    notAfter, new X500Name("CN=localhost"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                                    KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate serverCertificate = certificate(server, caKeys);

            Files.writeString(tls.caCertificate, pem(List.of(caCertificate)));
            Files.writeString(tls.serverCertificate, pem(List.of(serverCertificate, caCertificate)));
            Files.writeString(tls.serverKey, pem(List.of(new JcaPKCS8Generator(serverKeys.getPrivate(), null))));
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS files to " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate TLS certificates: " + e.getMessage(), e);
        }
    }

    /** PEM of the authority that signed the server certificate: what clients trust. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** PEM chain of the servers' certificate (server, then authority). */
    public Path serverCertificate() {
        return serverCertificate;
    }

    /** PEM of the servers' private key, unencrypted PKCS#8. */
    public Path serverKey() {
        return serverKey;
    }

    /**
     * System properties of a child JVM that runs the official client (the broker's own connection to the name
     * server, the read-back consumer, the responder): TLS on, verifying the servers against {@link #caCertificate()}.
     * Only ever given to child JVMs: RocketMQ reads its TLS settings from JVM-wide properties.
     */
    List<String> clientProperties(Path home) {
        return List.of("-Dtls.enable=true", "-Dtls.test.mode.enable=false", "-Dtls.client.authServer=true",
                "-Dtls.client.trustCertPath=" + caCertificate,
                // RocketMQ also reads /etc/rocketmq/tls.properties when it exists: point it at a file that does not
                "-Dtls.config.file=" + home.resolve("no-tls.properties"));
    }

    /** System properties of a name-server or broker JVM serving TLS in {@code mode}; the client side included. */
    List<String> serverProperties(Mode mode, Path home) {
        List<String> server = List.of("-Dtls.server.mode=" + mode.propertyValue(),
                "-Dtls.server.certPath=" + serverCertificate, "-Dtls.server.keyPath=" + serverKey,
                "-Dtls.server.need.client.auth=none");
        return java.util.stream.Stream.concat(server.stream(), clientProperties(home).stream()).toList();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static X509Certificate certificate(X509v3CertificateBuilder builder, KeyPair signerKeys)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(signerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static String pem(List<?> objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                if (object instanceof JcaPKCS8Generator generator) {
                    writer.writeObject(generator);
                } else {
                    writer.writeObject(object);
                }
            }
        }
        return out.toString();
    }
}
