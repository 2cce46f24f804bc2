package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.ChildRunner;

/**
 * Main of the bare mqtemplate's benchmark JVM (on this module's classpath, no Spring, no metrics); arguments as
 * {@link ChildRunner} takes them.
 */
public final class MQTemplateRunner {

    private MQTemplateRunner() {
    }

    public static void main(String[] args) {
        ChildRunner.run(args, target -> MQTemplateClient.bare(target.nameServer(), target.topic()));
    }
}
