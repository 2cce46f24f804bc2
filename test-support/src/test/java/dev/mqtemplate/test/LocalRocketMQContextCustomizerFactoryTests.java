package dev.mqtemplate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which test classes get a cluster, and which share one (no broker started here). */
class LocalRocketMQContextCustomizerFactoryTests {

    private final LocalRocketMQContextCustomizerFactory factory = new LocalRocketMQContextCustomizerFactory();

    @LocalRocketMQTest
    static class Defaults {
    }

    @LocalRocketMQTest
    static class OtherDefaults {
    }

    static class InheritsDefaults extends Defaults {
    }

    @LocalRocketMQTest(brokers = 2, timerWheel = false)
    static class TwoBrokersNoWheel {
    }

    @LocalRocketMQTest(brokers = 0)
    static class NoBroker {
    }

    static class NotAnnotated {
    }

    @Test
    void aClassWithoutTheAnnotationGetsNothing() {
        assertThat(factory.createContextCustomizer(NotAnnotated.class, List.of())).isNull();
    }

    @Test
    void equalOptionsMakeEqualCustomizersSoContextsAndTheClusterAreShared() {
        assertThat(factory.createContextCustomizer(Defaults.class, List.of()))
                .isEqualTo(factory.createContextCustomizer(OtherDefaults.class, List.of()))
                .isEqualTo(factory.createContextCustomizer(InheritsDefaults.class, List.of()))
                .isEqualTo(new LocalRocketMQContextCustomizer(new ClusterOptions(1, true)));
        assertThat(factory.createContextCustomizer(TwoBrokersNoWheel.class, List.of()))
                .isEqualTo(new LocalRocketMQContextCustomizer(new ClusterOptions(2, false)))
                .isNotEqualTo(factory.createContextCustomizer(Defaults.class, List.of()));
    }

    @Test
    void zeroBrokersIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> factory.createContextCustomizer(NoBroker.class, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokers = 0");
    }
}
