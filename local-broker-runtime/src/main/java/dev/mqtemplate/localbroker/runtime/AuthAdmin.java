package dev.mqtemplate.localbroker.runtime;

import java.util.Arrays;
import java.util.List;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Creates ACL 2.0 users and rules on brokers, with the official admin client signed as the cluster's super user
 * ({@link AdminHook}). Arguments: name server, a comma-separated list of broker addresses, then one command:
 * <ul>
 * <li>{@code user <name>}: a normal user whose password is in the environment variable {@code MQT_LOCAL_USER_SECRET};
 * <li>{@code allow <name> <resource> <actions>}: an Allow rule for user {@code name} on {@code resource}
 * ({@code Topic:orders}, {@code Group:g}, {@code Topic:*}) for the comma-separated {@code actions} ({@code Pub,Sub}),
 * from any address.
 * </ul>
 * Prints {@code OK} when every broker accepted it, else {@code FAILED} and the reason, and exits 1.
 */
public final class AuthAdmin {

    static final String USER_SECRET_ENV = "MQT_LOCAL_USER_SECRET";

    private AuthAdmin() {
    }

    public static void main(String[] args) throws Exception {
        RPCHook hook = AdminHook.fromEnvironment();
        DefaultMQAdminExt admin = new DefaultMQAdminExt(hook, 10_000);
        admin.setNamesrvAddr(args[0]);
        admin.setInstanceName("local-broker-auth-admin-" + System.nanoTime());
        admin.start();
        try {
            for (String broker : args[1].split(",")) {
                switch (args[2]) {
                    case "user" -> admin.createUser(broker, args[3], System.getenv(USER_SECRET_ENV), "Normal");
                    case "allow" -> admin.createAcl(broker, "User:" + args[3], List.of(args[4]),
                            Arrays.asList(args[5].split(",")), List.of(), "Allow");
                    default -> throw new IllegalArgumentException("unknown command " + args[2]);
                }
            }
            System.out.println("OK");
            System.out.flush();
        } catch (Exception e) {
            System.out.println("FAILED " + e);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        } finally {
            admin.shutdown();
        }
    }
}
