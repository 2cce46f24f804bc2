package dev.mqtemplate.localbroker.runtime;

import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * The official signing hook for the tools of a cluster that authenticates: the credentials come in the environment
 * ({@link #ACCESS_KEY_ENV}, {@link #SECRET_KEY_ENV}), never on the command line, so that no process listing or log
 * shows the secret. Without them, no hook: the cluster does not authenticate.
 */
final class AdminHook {

    static final String ACCESS_KEY_ENV = "MQT_LOCAL_ACCESS_KEY";

    static final String SECRET_KEY_ENV = "MQT_LOCAL_SECRET_KEY";

    private AdminHook() {
    }

    /** The hook signing as the cluster's admin, or {@code null} when the cluster does not authenticate. */
    static RPCHook fromEnvironment() {
        String accessKey = System.getenv(ACCESS_KEY_ENV);
        String secretKey = System.getenv(SECRET_KEY_ENV);
        if (accessKey == null || secretKey == null) {
            return null;
        }
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }
}
