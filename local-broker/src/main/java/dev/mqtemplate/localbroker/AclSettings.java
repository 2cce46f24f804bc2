package dev.mqtemplate.localbroker;

import java.util.List;
import java.util.Map;

/**
 * ACL 2.0 of the 5.3.3 broker, as {@link LocalRocketMQ.Builder#acl} turns it on: authentication and authorization
 * with the broker's own (RocksDB) user and rule store under its store folder, a super user created at first start
 * ({@code initAuthenticationUser}), and the same credentials for the broker's own calls
 * ({@code innerClientAuthenticationCredentials}). Tools in child JVMs get the credentials in their environment.
 */
record AclSettings(String adminAccessKey, String adminSecretKey) {

    static final String ACCESS_KEY_ENV = "MQT_LOCAL_ACCESS_KEY";

    static final String SECRET_KEY_ENV = "MQT_LOCAL_SECRET_KEY";

    static final String USER_SECRET_ENV = "MQT_LOCAL_USER_SECRET";

    AclSettings {
        if (adminAccessKey == null || adminAccessKey.isBlank() || adminSecretKey == null || adminSecretKey.isBlank()) {
            throw new IllegalArgumentException("the ACL admin needs an access key and a secret key");
        }
        if (!adminAccessKey.matches("[A-Za-z0-9_-]+") || adminSecretKey.contains("\"")
                || adminSecretKey.contains("\\")) {
            // both go into JSON values of the broker's configuration
            throw new IllegalArgumentException("the ACL admin access key must be letters, digits, '-' or '_', and"
                    + " the secret key may not contain quotes or backslashes");
        }
    }

    /** The broker configuration lines. */
    List<String> brokerConfig() {
        return List.of(
                "authenticationEnabled=true",
                "authorizationEnabled=true",
                "authenticationProvider=org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider",
                "authenticationMetadataProvider="
                        + "org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider",
                "authorizationProvider=org.apache.rocketmq.auth.authorization.provider.DefaultAuthorizationProvider",
                "authorizationMetadataProvider="
                        + "org.apache.rocketmq.auth.authorization.provider.LocalAuthorizationMetadataProvider",
                "initAuthenticationUser={\"username\":\"" + adminAccessKey + "\",\"password\":\"" + adminSecretKey
                        + "\"}",
                "innerClientAuthenticationCredentials={\"accessKey\":\"" + adminAccessKey + "\",\"secretKey\":\""
                        + adminSecretKey + "\"}");
    }

    /** The environment of a tool that signs as the admin. */
    Map<String, String> toolEnvironment() {
        return Map.of(ACCESS_KEY_ENV, adminAccessKey, SECRET_KEY_ENV, adminSecretKey);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "AclSettings[admin=" + adminAccessKey + "]";
    }
}
