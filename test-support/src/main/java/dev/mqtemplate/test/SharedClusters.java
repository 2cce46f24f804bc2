package dev.mqtemplate.test;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running cluster per {@link ClusterOptions} for the whole test JVM. Spring caches test contexts but may close
 * one and build another (a different configuration, {@code @DirtiesContext}): the cluster outlives them, so no test
 * class pays the start twice. A shutdown hook closes them (the child JVMs would halt anyway once our JVM is gone, as
 * their stdin closes; the hook also deletes the store folders).
 */
final class SharedClusters {

    private static final Logger log = LoggerFactory.getLogger(SharedClusters.class);

    private static final Map<ClusterOptions, LocalRocketMQ> CLUSTERS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CLUSTERS.values().forEach(LocalRocketMQ::close),
                "mqtemplate-test-local-rocketmq-close"));
    }

    private SharedClusters() {
    }

    /** The cluster for these options, started now if it is the first ask of this JVM. */
    static LocalRocketMQ get(ClusterOptions options) {
        return CLUSTERS.computeIfAbsent(options, SharedClusters::start);
    }

    private static LocalRocketMQ start(ClusterOptions options) {
        log.info("@LocalRocketMQTest: starting a local RocketMQ 5.3.3 on 127.0.0.1 ({} broker(s), timer wheel {})",
                options.brokers(), options.timerWheel() ? "on" : "off");
        long started = System.nanoTime();
        LocalRocketMQ rocketMQ = options.builder().start();
        log.info("Local RocketMQ ready in {} ms: name server {}, brokers {}", (System.nanoTime() - started) / 1_000_000,
                rocketMQ.nameServerAddress(),
                rocketMQ.brokers().stream().map(broker -> broker.name() + "@" + broker.address()).toList());
        return rocketMQ;
    }
}
