package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.ChildRunner;

/** Main of mqtemplate's benchmark JVM (on this module's classpath); arguments as {@link ChildRunner} takes them. */
public final class MQTemplateRunner {

    private MQTemplateRunner() {
    }

    public static void main(String[] args) {
        ChildRunner.run(args, target -> new MQTemplateClient(target.nameServer(), target.topic()));
    }
}
