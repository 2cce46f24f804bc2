package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An Apache RocketMQ NameServer listening on 127.0.0.1 only.
 */
public final class LocalNameServer extends LocalProcess {

    private final String heap;

    LocalNameServer(String name, int port, Path home, String heap) {
        super(name, port, home);
        this.heap = heap;
    }

    @Override
    String mainClass() {
        return "org.apache.rocketmq.namesrv.NamesrvStartup";
    }

    @Override
    List<String> jvmOptions() {
        return List.of("-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Override
    List<String> arguments() throws IOException {
        Path config = home().resolve("namesrv.conf");
        Files.writeString(config, "listenPort=" + port() + "\nbindAddress=127.0.0.1\n");
        return List.of("-c", config.toString());
    }
}
