package dev.mqtemplate.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.error.MQValidationException;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * When the observation auto-configuration applies, and that a user's convention replaces the default one. Sends here
 * are refused by validation, before any connection, so no broker is needed.
 */
class MQObservationAutoConfigurationTests {

    private final List<Observation.Context> observed = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration.class,
                    MQAutoConfiguration.class, MQObservationAutoConfiguration.class))
            .withPropertyValues("mq.name-server=127.0.0.1:9876")
            .withBean("recording", ObservationHandler.class, () -> new ObservationHandler<Observation.Context>() {

                @Override
                public void onStop(Observation.Context context) {
                    observed.add(context);
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });

    @Test
    void offByDefault() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MQObservationProperties.class);
            assertThatThrownBy(() -> context.getBean(MQTemplate.class).send("bad topic!", "x".getBytes()))
                    .isInstanceOf(MQValidationException.class);
            assertThat(observed).isEmpty();
        });
    }

    @Test
    void aConventionBeanReplacesTheDefaultNamesAndKeys() {
        runner.withPropertyValues("mq.template.observation-enabled=true")
                .withBean(MQSendObservationConvention.class, () -> new MQSendObservationConvention() {

                    @Override
                    public String getName() {
                        return "orders.publish";
                    }

                    @Override
                    public KeyValues getLowCardinalityKeyValues(MQSendContext context) {
                        return KeyValues.of("queue.topic", context.topic());
                    }
                })
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(MQTemplate.class).send("bad topic!", "x".getBytes()))
                            .isInstanceOf(MQValidationException.class);
                    assertThat(observed).hasSize(1);
                    assertThat(observed.get(0).getName()).isEqualTo("orders.publish");
                    assertThat(observed.get(0).getLowCardinalityKeyValues().stream().map(kv -> kv.getKey()))
                            .containsExactly("queue.topic");
                    assertThat(observed.get(0).getError()).isInstanceOf(MQValidationException.class);
                });
    }

    @Test
    void theDefaultConventionNamesTheObservationMqSend() {
        runner.withPropertyValues("mq.template.observation-enabled=true").run(context -> {
            assertThatThrownBy(() -> context.getBean(MQTemplate.class).send("bad topic!", "x".getBytes()))
                    .isInstanceOf(MQValidationException.class);
            assertThat(observed).singleElement().satisfies(send -> {
                assertThat(send.getName()).isEqualTo("mq.send");
                assertThat(send.getContextualName()).isEqualTo("bad topic! send");
            });
        });
    }
}
