package dev.mqtemplate.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.autoconfigure.actuate.MQCredentialsSanitizingAutoConfiguration;
import dev.mqtemplate.autoconfigure.health.MQHealthContributorAutoConfiguration;
import dev.mqtemplate.autoconfigure.messaging.MQMessagingAutoConfiguration;
import dev.mqtemplate.autoconfigure.messaging.MQMessagingTemplate;
import dev.mqtemplate.autoconfigure.metrics.MQMetricsAutoConfiguration;
import dev.mqtemplate.client.MQOperations;
import dev.mqtemplate.client.MQTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mq.templates.<name>.*}: one template bean per name over {@code mq.*}, injectable by qualifier, with its own
 * client, metrics tagged with its name and a health component of its own; the unnamed template stays primary. No
 * broker here: {@code NamedTemplatesIntegrationTests} sends through two clusters.
 */
class NamedTemplatesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class, MQMetricsAutoConfiguration.class,
                    MQHealthContributorAutoConfiguration.class))
            .withPropertyValues("mq.name-server=127.0.0.1:9876", "mq.producer-group=shop", "mq.retries=5",
                    "mq.templates.eu.name-server=127.0.0.2:9876", "mq.templates.eu.producer-group=shop_eu",
                    "mq.templates.audit.send-timeout=7s");

    @Test
    void eachNameGivesATemplateInjectableByQualifierAndTheUnnamedOneStaysPrimary() {
        runner.withUserConfiguration(QualifiedInjection.class).run(context -> {
            assertThat(context.getBeansOfType(MQTemplate.class)).containsOnlyKeys("mqTemplate", "euMQTemplate",
                    "auditMQTemplate");
            MQTemplate primary = context.getBean(MQTemplate.class);
            MQTemplate eu = qualified(context, "eu");
            assertThat(primary).isSameAs(context.getBean("mqTemplate")).isSameAs(context.getBean(MQOperations.class));
            assertThat(context.getBean("injected", List.class)).containsExactly(eu,
                    context.getBean("auditMQTemplate"));
            assertThat(primary.config().nameServer()).isEqualTo("127.0.0.1:9876");
            assertThat(eu.config().nameServer()).isEqualTo("127.0.0.2:9876");
            assertThat(eu.status()).isNotSameAs(primary.status());
        });
    }

    @Test
    void eachNamedTemplateHasAMessagingTemplateOfItsOwnAndTheUnnamedOneStaysPrimary() {
        runner.withConfiguration(AutoConfigurations.of(MQMessagingAutoConfiguration.class)).run(context -> {
            MQMessagingTemplate primary = context.getBean(MQMessagingTemplate.class);
            assertThat(primary.getOperations()).isSameAs(context.getBean(MQTemplate.class));
            MQMessagingTemplate eu = BeanFactoryAnnotationUtils.qualifiedBeanOfType(
                    context.getAutowireCapableBeanFactory(), MQMessagingTemplate.class, "eu");
            assertThat(eu.getOperations()).isSameAs(qualified(context, "eu"));
            assertThat(eu.getDefaultDestination()).isNull();
            assertThat(context.getBeansOfType(MQMessagingTemplate.class)).hasSize(3);
        });
    }

    @Test
    void aNamedTemplateStartsFromEveryMqSettingAndOverridesWhatItSets() {
        runner.run(context -> {
            MQTemplate eu = context.getBean("euMQTemplate", MQTemplate.class);
            MQTemplate audit = context.getBean("auditMQTemplate", MQTemplate.class);
            assertThat(eu.config().producerGroup()).isEqualTo("shop_eu");
            assertThat(eu.config().retries()).isEqualTo(5);
            assertThat(audit.config().producerGroup()).isEqualTo("shop");
            assertThat(audit.config().nameServer()).as("inherited").isEqualTo("127.0.0.1:9876");
            assertThat(audit.config().sendTimeout()).hasSeconds(7);
            assertThat(context.getBean(MQTemplate.class).config().sendTimeout()).hasSeconds(3);
        });
    }

    @Test
    void withoutANameServerOfItsOwnANamedTemplateUsesTheUnnamedTemplatesConnectionDetails() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .withBean(MQConnectionDetails.class, () -> () -> "10.0.0.1:9876")
                .withPropertyValues("mq.templates.audit.producer-group=audit")
                .run(context -> assertThat(qualified(context, "audit").config().nameServer())
                        .isEqualTo("10.0.0.1:9876"));
    }

    @Test
    void everyMeterCarriesTheNameOfTheTemplateItMeasures() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(MeterBinder.class).bindTo(registry);
            assertThat(registry.find("mq.send.in.flight").gauges()).extracting(gauge -> gauge.getId().getTag("template"))
                    .containsExactlyInAnyOrder("default", "eu", "audit");
            assertThat(context.getBean(dev.mqtemplate.client.metrics.MicrometerSendMetrics.class).commonTags())
                    .extracting(tag -> tag.getKey() + "=" + tag.getValue()).containsExactly("template=default");
        });
    }

    @Test
    void healthHasOneComponentPerTemplate() {
        runner.run(context -> {
            HealthContributor mq = context.getBean("mqHealthIndicator", HealthContributor.class);
            assertThat(mq).isInstanceOf(CompositeHealthContributor.class);
            CompositeHealthContributor composite = (CompositeHealthContributor) mq;
            assertThat(composite.stream().map(entry -> entry.name())).containsExactly("default", "eu", "audit");
            assertThat(composite.getContributor("eu")).isInstanceOf(HealthIndicator.class);
        });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class,
                        MQHealthContributorAutoConfiguration.class))
                .withPropertyValues("mq.name-server=127.0.0.1:9876")
                .run(context -> assertThat(context.getBean("mqHealthIndicator")).isInstanceOf(HealthIndicator.class));
    }

    @Test
    void aBadNameOrASharedSettingUnderANameFailsStartUpNamingIt() {
        runner.withPropertyValues("mq.templates.default.retries=1").run(context -> assertThat(cause(context))
                .hasMessageContaining("'mq.templates.default'").hasMessageContaining("unnamed template"));
        runner.withPropertyValues("mq.templates.eu.io-threads=2").run(context -> assertThat(cause(context))
                .hasMessageContaining("'mq.templates.eu.io-threads'").hasMessageContaining("'mq.io-threads'"));
        runner.withPropertyValues("mq.templates.eu.namespace=a%b").run(context -> assertThat(cause(context))
                .hasMessageContaining("Template 'eu'").hasMessageContaining("a%b"));
    }

    private static Throwable cause(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure.getCause() != null && !(failure instanceof IllegalStateException)) {
            failure = failure.getCause();
        }
        return failure;
    }

    @Test
    void aNamedTemplatesSecretIsMaskedInConfigprops() {
        String secret = "mqt-test-secret-7f3a9c";
        runner.withConfiguration(AutoConfigurations.of(MQCredentialsSanitizingAutoConfiguration.class))
                .withPropertyValues("mq.templates.eu.access-key=mqt-eu", "mq.templates.eu.secret-key=" + secret)
                .run(context -> {
                    assertThat(qualified(context, "eu").config().credentials().secretKey())
                            .isEqualTo(secret);
                    List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class)
                            .orderedStream().toList();
                    ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(
                            sanitizers, Show.ALWAYS);
                    configprops.setApplicationContext(context);
                    String json = JsonMapper.builder().build().writeValueAsString(
                            configprops.configurationProperties());
                    assertThat(json).contains("mqt-eu").doesNotContain(secret);
                });
    }

    private static MQTemplate qualified(ApplicationContext context, String qualifier) {
        return BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getAutowireCapableBeanFactory(),
                MQTemplate.class, qualifier);
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedInjection {

        @Bean
        List<MQTemplate> injected(@Qualifier("eu") MQTemplate eu, @Qualifier("audit") MQTemplate audit) {
            return List.of(eu, audit);
        }
    }
}
