package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * An Apache RocketMQ 5 Proxy ({@code ProxyStartup}) in cluster mode: its own JVM, in front of the brokers of a local
 * cluster, learning them from the cluster's name servers. It speaks the remoting protocol on {@link #port()} (what
 * {@link #address()} gives: a remoting client takes that address as its name server) and gRPC on
 * {@link #grpcPort()}.
 *
 * <p>The 5.3.3 Proxy has no bind-address setting: both servers listen on every interface (0.0.0.0), not only on
 * 127.0.0.1 as the name servers and brokers do. The routes it answers name {@code 127.0.0.1:port}
 * ({@code remotingAccessAddr}), so clients connect through the loopback only.
 */
public final class LocalProxy extends LocalProcess {

    private final int grpcPort;

    private final String clusterName;

    private final Supplier<String> nameServers;

    LocalProxy(String name, int port, int grpcPort, Path home, String clusterName, Supplier<String> nameServers) {
        super(name, port, home);
        this.grpcPort = grpcPort;
        this.clusterName = clusterName;
        this.nameServers = nameServers;
    }

    /** The port of the Proxy's gRPC server (RocketMQ 5 gRPC clients); {@link #port()} is its remoting port. */
    public int grpcPort() {
        return grpcPort;
    }

    @Override
    String mainClass() {
        return "org.apache.rocketmq.proxy.ProxyStartup";
    }

    @Override
    String classpath() {
        return ChildJvm.proxyClasspath();
    }

    @Override
    List<String> jvmOptions() {
        return List.of("-Xms64m", "-Xmx384m", "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1");
    }

    @Override
    List<String> arguments() throws IOException {
        // keys of the 5.3.3 ProxyConfig, read as JSON (rmq-proxy.json)
        String config = String.join(",\n",
                "{\"proxyMode\": \"cluster\"",
                "\"rocketMQClusterName\": \"" + clusterName + "\"",
                "\"proxyClusterName\": \"" + clusterName + "\"",
                "\"proxyName\": \"" + name() + "\"",
                "\"namesrvAddr\": \"" + nameServers.get() + "\"",
                "\"remotingListenPort\": " + port(),
                "\"grpcServerPort\": " + grpcPort,
                // the address the Proxy puts into the routes it answers (default: the host's first non-loopback
                // address) and the one it registers as its own
                "\"remotingAccessAddr\": \"127.0.0.1\"",
                "\"localServeAddr\": \"127.0.0.1\"}");
        Path file = home().resolve("rmq-proxy.json");
        Files.writeString(file, config + "\n");
        return List.of("-pc", file.toString());
    }
}
