package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * An Apache RocketMQ broker (a master) listening on 127.0.0.1 only, with a small store in a temporary folder.
 */
public final class LocalBroker extends LocalProcess {

    private final String clusterName;

    private final String heap;

    private final Supplier<String> nameServers;

    private final boolean timerWheel;

    LocalBroker(String name, int port, Path home, String clusterName, String heap, Supplier<String> nameServers,
            boolean timerWheel) {
        super(name, port, home);
        this.clusterName = clusterName;
        this.heap = heap;
        this.nameServers = nameServers;
        this.timerWheel = timerWheel;
    }

    /** Lines added to the broker's configuration by cluster options (ACL), after the defaults. */
    private final List<String> extraConfig = new java.util.ArrayList<>();

    /** Adds {@code key=value} lines to the configuration the broker starts (and restarts) with. */
    void addConfig(List<String> lines) {
        extraConfig.addAll(lines);
    }

    /** The cluster this broker registers in. */
    public String clusterName() {
        return clusterName;
    }

    @Override
    String mainClass() {
        return "org.apache.rocketmq.broker.BrokerStartup";
    }

    @Override
    List<String> jvmOptions() {
        return List.of("-Xms128m", "-Xmx" + heap, "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC");
    }

    @Override
    List<String> arguments() throws IOException {
        Path store = home().resolve("store");
        String config = String.join("\n",
                "brokerClusterName=" + clusterName,
                "brokerName=" + name(),
                "brokerId=0",
                "brokerRole=ASYNC_MASTER",
                "flushDiskType=ASYNC_FLUSH",
                "listenPort=" + port(),
                "namesrvAddr=" + nameServers.get(),
                "brokerIP1=127.0.0.1",
                "bindAddress=127.0.0.1",
                "storePathRootDir=" + store,
                "storePathCommitLog=" + store.resolve("commitlog"),
                "autoCreateTopicEnable=true",
                // small mapped files: the store lives in a temporary folder and tests write little
                "mappedFileSizeCommitLog=67108864",
                "mappedFileSizeConsumeQueue=600000",
                "maxHashSlotNum=50000",
                "maxIndexNum=200000",
                // register with the name server at start instead of after the first 10 s timer tick
                "skipPreOnline=true",
                // re-register every 10 s (the broker's floor, default 30 s): a restarted name server learns the
                // routes again quickly
                "registerNameServerPeriod=10000",
                // timer messages (deliverAt / delay) go through the timing wheel, which 5.3.3 enables by default;
                // said here so a changed default cannot silently turn them into immediate messages; off only when
                // a test asks for a broker without it (timer messages then refused with SYSTEM_ERROR)
                "timerWheelEnable=" + timerWheel,
                // RECALL_MESSAGE (5.3.2+) is refused with NO_PERMISSION unless enabled: off by default
                "recallMessageEnable=true",
                // transactional messages left undecided are checked after 1 s, every second (defaults 6 s and
                // 30 s), so tests of the check-back finish quickly
                "transactionTimeOut=1000",
                "transactionCheckInterval=1000",
                // the broker writes the "ended" marks of half messages in batches, every 3 s by default: a check that
                // comes before the mark of an END_TRANSACTION COMMIT asks again, and a second COMMIT stores the message
                // twice. With 1 s checks the marks must be written sooner than that
                "transactionOpBatchInterval=100",
                "") + String.join("\n", extraConfig) + "\n";
        Path file = home().resolve("broker.conf");
        Files.writeString(file, config);
        return List.of("-c", file.toString());
    }
}
