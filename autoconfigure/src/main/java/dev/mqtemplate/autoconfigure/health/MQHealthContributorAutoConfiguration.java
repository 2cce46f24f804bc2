package dev.mqtemplate.autoconfigure.health;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.autoconfigure.MQTemplateFactory;
import dev.mqtemplate.client.MQTemplate;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code mq} health contributor when Spring Boot's health support is present; disable it with
 * {@code management.health.mq.enabled=false}. With one template it is one indicator; with named templates
 * ({@code mq.templates.*}) it is a composite of one indicator per template, {@code default} for the unnamed one, so
 * that {@code /actuator/health/mq/<name>} shows each cluster.
 */
@AutoConfiguration(after = MQAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, MQTemplate.class})
@ConditionalOnBean(MQTemplate.class)
@ConditionalOnEnabledHealthIndicator("mq")
public class MQHealthContributorAutoConfiguration {

    @Bean(name = "mqHealthIndicator")
    @ConditionalOnMissingBean(name = "mqHealthIndicator")
    HealthContributor mqHealthIndicator(MQTemplate template, ObjectProvider<MQTemplateFactory> factory) {
        Map<String, MQTemplate> templates = factory.stream().findFirst().map(MQTemplateFactory::templates)
                .orElse(Map.of());
        if (templates.size() <= 1) {
            return indicator(template);
        }
        return CompositeHealthContributor.fromMap(templates, MQHealthContributorAutoConfiguration::indicator);
    }

    private static MQHealthIndicator indicator(MQTemplate template) {
        return new MQHealthIndicator(template, MQHealthIndicator.DEFAULT_TIMEOUT);
    }
}
