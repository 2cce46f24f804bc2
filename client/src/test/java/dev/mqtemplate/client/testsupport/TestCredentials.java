package dev.mqtemplate.client.testsupport;

import dev.mqtemplate.client.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one secret every test signs with (CI greps the whole build output for it: it must never be printed), and the
 * broker's side of a signature, written from the 5.3.3 broker's rule (DefaultAuthenticationContextBuilder): the
 * received fields but {@code Signature}, in key order, values concatenated, UTF-8, then the body; HMAC-SHA1,
 * Base64.
 */
public final class TestCredentials {

    /** The test secret. Distinctive, so that a grep of the build output finds any leak. */
    public static final String SECRET = "mqt-test-secret-7f3a9c";

    private TestCredentials() {
    }

    /** The signature a broker expects for what it received, with {@code secret}. */
    public static String expectedSignature(RemotingCommand received, String secret) {
        StringBuilder content = new StringBuilder();
        Map<String, String> sorted = new TreeMap<>(received.extFields());
        sorted.remove("Signature");
        sorted.values().forEach(value -> content.append(value));
        byte[] head = content.toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = received.body() == null ? new byte[0] : received.body();
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(all));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a received request carries {@code accessKey} and a signature a broker with {@code secret} accepts. */
    public static boolean signedFor(RemotingCommand received, String accessKey, String secret) {
        return accessKey.equals(received.extField("AccessKey"))
                && expectedSignature(received, secret).equals(received.extField("Signature"));
    }
}
