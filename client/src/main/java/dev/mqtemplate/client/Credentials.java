package dev.mqtemplate.client;

import java.util.Objects;

/**
 * The access key and secret key (and, for temporary credentials, a security token) every request is signed with,
 * for brokers that authenticate: RocketMQ 5.3's ACL 2.0 takes the access key as the user name and the secret key as
 * its password. Immutable. {@link #toString()} shows the access key only: the secret and the token never appear in
 * logs or messages.
 */
public final class Credentials {

    private final String accessKey;

    private final String secretKey;

    private final String securityToken;

    private Credentials(String accessKey, String secretKey, String securityToken) {
        this.accessKey = requireText("accessKey", accessKey);
        this.secretKey = requireText("secretKey", secretKey);
        if (securityToken != null && securityToken.isBlank()) {
            throw new IllegalArgumentException("securityToken must not be blank (leave it null for none)");
        }
        this.securityToken = securityToken;
    }

    /** Credentials without a security token. Neither key may be blank. */
    public static Credentials of(String accessKey, String secretKey) {
        return new Credentials(accessKey, secretKey, null);
    }

    /** These credentials with a security token (STS), or without one for {@code null}. */
    public Credentials withSecurityToken(String securityToken) {
        return new Credentials(accessKey, secretKey, securityToken);
    }

    /** The access key, sent in clear as the {@code AccessKey} field: the user name of ACL 2.0. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret key: it signs requests and never leaves the client. */
    public String secretKey() {
        return secretKey;
    }

    /** The security token, sent as the {@code SecurityToken} field, or {@code null}. */
    public String securityToken() {
        return securityToken;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Credentials that && accessKey.equals(that.accessKey)
                && secretKey.equals(that.secretKey) && Objects.equals(securityToken, that.securityToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKey, secretKey, securityToken);
    }

    /** Names the access key only; the secret key and the token are masked. */
    @Override
    public String toString() {
        return "Credentials[accessKey=" + accessKey + ", secretKey=******"
                + (securityToken == null ? "" : ", securityToken=******") + "]";
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
