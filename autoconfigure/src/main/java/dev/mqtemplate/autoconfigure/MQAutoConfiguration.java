package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.transport.ClientResources;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Auto-configures an {@link MQTemplate} (which is also the {@link dev.mqtemplate.client.MQOperations} to inject)
 * from {@code mq.*}, with only the beans applications touch: the connection details, the client configuration, the
 * I/O threads (shareable) and the template. The template builds its own connections, routes and sender from the
 * configuration. Each bean backs off when the application defines its own of that type;
 * {@link MQClientConfigCustomizer} and {@link MQTemplateCustomizer} beans adjust what is built; every
 * {@link dev.mqtemplate.client.TransactionChecker} bean answers checks for what its
 * {@link dev.mqtemplate.autoconfigure.transaction.MQTransactionChecker} names. The template closes
 * first (it waits for sends in flight up to {@code mq.close-timeout}), then the threads.
 *
 * <p>Each name of {@code mq.templates} adds a template of its own (see {@link NamedTemplatesRegistrar}), built by the
 * same {@link MQTemplateFactory}; the unnamed one is then the primary bean.
 */
@AutoConfiguration
@ConditionalOnClass(MQTemplate.class)
@EnableConfigurationProperties(MQProperties.class)
@Import(NamedTemplatesRegistrar.class)
public class MQAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(MQConnectionDetails.class)
    PropertiesMQConnectionDetails mqConnectionDetails(MQProperties properties) {
        return new PropertiesMQConnectionDetails(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    MQClientConfig mqClientConfig(MQProperties properties, MQConnectionDetails connectionDetails,
            MQTemplateFactory templates) {
        return templates.clientConfig(properties, connectionDetails.nameServer());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ClientResources mqClientResources(MQProperties properties) {
        return ClientResources.create(properties.getIoThreads(), properties.isNativeTransport());
    }

    @Bean(NamedTemplatesRegistrar.FACTORY_BEAN_NAME)
    MQTemplateFactory mqTemplateFactory(Environment environment, ClientResources resources,
            ListableBeanFactory beans) {
        return new MQTemplateFactory(environment, resources, beans);
    }

    /** The unnamed template, primary among the named ones of {@code mq.templates}. */
    @Bean(destroyMethod = "close")
    @Primary
    @ConditionalOnMissingBean
    MQTemplate mqTemplate(MQClientConfig config, MQTemplateFactory templates, ObjectProvider<SendMetrics> metrics) {
        return templates.template(config, metrics.getIfAvailable(() -> SendMetrics.NONE));
    }
}
