package dev.mqtemplate.test;

import dev.mqtemplate.localbroker.LocalRocketMQ;

/**
 * The options of {@link LocalRocketMQTest} that make a different cluster: test classes with equal options share one.
 *
 * @param brokers number of brokers
 * @param timerWheel whether the brokers run the timer wheel
 */
record ClusterOptions(int brokers, boolean timerWheel) {

    ClusterOptions {
        if (brokers < 1) {
            throw new IllegalArgumentException("@LocalRocketMQTest(brokers = " + brokers + "): at least 1");
        }
    }

    LocalRocketMQ.Builder builder() {
        return LocalRocketMQ.builder().brokers(brokers).timerWheel(timerWheel);
    }
}
