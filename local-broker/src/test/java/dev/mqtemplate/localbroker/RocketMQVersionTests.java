package dev.mqtemplate.localbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.junit.jupiter.api.Test;

class RocketMQVersionTests {

    @Test
    void theVersionIsTheBrokerJarsNotAnotherRocketMQJars() {
        String classpath = String.join(File.pathSeparator, "/m2/org/apache/rocketmq/rocketmq-client/5.3.3/rocketmq-client-5.3.3.jar",
                "/m2/org/apache/rocketmq/rocketmq-broker/4.9.7/rocketmq-broker-4.9.7.jar",
                "/m2/org/apache/rocketmq/rocketmq-store/5.5.0/rocketmq-store-5.5.0.jar");

        RocketMQVersion version = RocketMQVersion.fromClasspath(classpath);

        assertThat(version).hasToString("4.9.7");
        assertThat(version.major()).isEqualTo(4);
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertThat(RocketMQVersion.of("5.10.0").atLeast("5.9.9")).isTrue();
        assertThat(RocketMQVersion.of("5.3.1").atLeast("5.3.2")).isFalse();
        assertThat(RocketMQVersion.of("5.3.2").atLeast("5.3.2")).isTrue();
        assertThat(RocketMQVersion.of("5.0")).isEqualTo(RocketMQVersion.of("5.0.0"))
                .hasSameHashCodeAs(RocketMQVersion.of("5.0.0"));
    }

    @Test
    void theDefaultServersRun533() {
        // no mqtemplate.rocketmq.classpath in this module's tests: the classpath local-broker-runtime resolved
        assertThat(RocketMQVersion.ofServers()).isEqualTo(RocketMQVersion.of("5.3.3"));
    }

    @Test
    void aClasspathWithoutABrokerIsAnError() {
        assertThatThrownBy(() -> RocketMQVersion.fromClasspath("/a/rocketmq-client-5.3.3.jar"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no rocketmq-broker jar");
    }
}
