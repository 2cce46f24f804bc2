package dev.mqtemplate.benchmark.official;

import dev.mqtemplate.benchmark.harness.ChildRunner;

/**
 * Main of the official client's benchmark JVM; arguments as {@link ChildRunner} takes them. Run with
 * {@code -Drocketmq.serialize.type=ROCKETMQ} for the binary header encoding.
 */
public final class OfficialRunner {

    private OfficialRunner() {
    }

    public static void main(String[] args) {
        ChildRunner.run(args, target -> new OfficialClient(target.nameServer(), target.topic()));
    }
}
