package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A standalone RocketMQ controller (single node) listening on 127.0.0.1: it elects the master of the broker groups of
 * an HA cluster ({@link LocalRocketMQ.Builder#haGroup}). Standalone rather than embedded in the name server: in
 * 5.3.3 the embedded controller's server takes the name server's own listen port, and the brokers' controller
 * requests were answered by the name server ("request type 1005 not supported"). Brokers reach the controller at its
 * DLedger address, where it registers its request handlers.
 */
final class LocalController extends LocalProcess {

    /** The port of its own remoting server, which 5.3.3 starts but does not serve controller requests on. */
    private final int unusedListenPort;

    /**
     * @param raftPort the DLedger port: the controller serves brokers there, so it is this process's {@link #address()}
     */
    LocalController(String name, int raftPort, int unusedListenPort, Path home) {
        super(name, raftPort, home);
        this.unusedListenPort = unusedListenPort;
    }

    @Override
    String mainClass() {
        return "org.apache.rocketmq.controller.ControllerStartup";
    }

    @Override
    List<String> jvmOptions() {
        return List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Override
    List<String> arguments() throws IOException {
        Path config = home().resolve("controller.conf");
        Files.writeString(config, "listenPort=" + unusedListenPort + "\nbindAddress=127.0.0.1\n"
                + String.join("\n", HAGroupSettings.controller(port(), home())) + "\n");
        return List.of("-c", config.toString());
    }
}
