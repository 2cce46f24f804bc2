package dev.mqtemplate.autoconfigure.health;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.MQTemplate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code mq} health indicator when Spring Boot's health support is present; disable it with
 * {@code management.health.mq.enabled=false}.
 */
@AutoConfiguration(after = MQAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, MQTemplate.class})
@ConditionalOnBean(MQTemplate.class)
@ConditionalOnEnabledHealthIndicator("mq")
public class MQHealthContributorAutoConfiguration {

    @Bean(name = "mqHealthIndicator")
    @ConditionalOnMissingBean(name = "mqHealthIndicator")
    MQHealthIndicator mqHealthIndicator(MQTemplate template) {
        return new MQHealthIndicator(template, MQHealthIndicator.DEFAULT_TIMEOUT);
    }
}
