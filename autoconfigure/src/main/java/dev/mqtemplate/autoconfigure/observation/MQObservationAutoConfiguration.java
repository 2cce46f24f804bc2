package dev.mqtemplate.autoconfigure.observation;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.autoconfigure.MQTemplateCustomizer;
import dev.mqtemplate.client.MQTemplate;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * With {@code mq.template.observation-enabled=true} and an {@link ObservationRegistry} bean, the auto-configured
 * template runs each single-message send in an {@code mq.send} observation (see {@link ObservingSendObserver}); a
 * {@link MQSendObservationConvention} bean replaces the default names and keys. Send timing stays with the
 * {@code mq.send} timer of the metrics auto-configuration: a meter handler for {@link MQSendContext}, ordered before
 * Boot's default one, records nothing, so the observation adds no second timer.
 */
@AutoConfiguration(before = MQAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, MQTemplate.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(name = "mq.template.observation-enabled", havingValue = "true")
@EnableConfigurationProperties(MQObservationProperties.class)
public class MQObservationAutoConfiguration {

    @Bean
    MQTemplateCustomizer mqObservationCustomizer(ObservationRegistry registry,
            ObjectProvider<MQSendObservationConvention> convention) {
        ObservingSendObserver observer = new ObservingSendObserver(registry, convention.getIfAvailable());
        return builder -> builder.observer(observer);
    }

    /** Keeps Micrometer's default meter handler away from send observations: the mq.send timer is measured once. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterObservationHandler.class)
    static class SendTimerOnce {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        MeterObservationHandler<MQSendContext> mqSendMeterObservationHandler() {
            return new MeterObservationHandler<>() {

                @Override
                public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                    return context instanceof MQSendContext;
                }
            };
        }
    }
}
