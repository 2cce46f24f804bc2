package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.autoconfigure.transaction.TransactionCheckerBeans;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.transport.ClientTls;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.transport.ClientResources;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configures an {@link MQTemplate} (which is also the {@link dev.mqtemplate.client.MQOperations} to inject)
 * from {@code mq.*}, with only the beans applications touch: the connection details, the client configuration, the
 * I/O threads (shareable) and the template. The template builds its own connections, routes and sender from the
 * configuration. Each bean backs off when the application defines its own of that type;
 * {@link MQClientConfigCustomizer} and {@link MQTemplateCustomizer} beans adjust what is built; every
 * {@link dev.mqtemplate.client.TransactionChecker} bean answers checks for what its
 * {@link dev.mqtemplate.autoconfigure.transaction.MQTransactionChecker} names. The template closes
 * first (it waits for sends in flight up to {@code mq.close-timeout}), then the threads.
 */
@AutoConfiguration
@ConditionalOnClass(MQTemplate.class)
@EnableConfigurationProperties(MQProperties.class)
public class MQAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(MQConnectionDetails.class)
    PropertiesMQConnectionDetails mqConnectionDetails(MQProperties properties) {
        return new PropertiesMQConnectionDetails(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    MQClientConfig mqClientConfig(MQProperties properties, MQConnectionDetails connectionDetails,
            ObjectProvider<MQClientConfigCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
        MQClientConfig.Builder builder = MQClientConfig.builder().nameServer(connectionDetails.nameServer());
        PropertyMapper map = PropertyMapper.get();
        map.from(properties::getProducerGroup).to(builder::producerGroup);
        map.from(properties::getSendTimeout).to(builder::sendTimeout);
        map.from(properties::getRetries).to(builder::retries);
        map.from(properties::isRetryUnknownOutcome).to(builder::retryUnknownOutcome);
        map.from(properties.getCompression()::getThreshold).as(size -> (int) size.toBytes()).to(builder::compressThreshold);
        map.from(properties.getCompression()::getLevel).to(builder::compressLevel);
        map.from(properties.getCompression()::getType).to(builder::compressionType);
        map.from(properties::getMaxMessageSize).as(size -> (int) size.toBytes()).to(builder::maxMessageSize);
        map.from(properties::getMaxDelayLevel).to(builder::maxDelayLevel);
        map.from(properties::getTimerMaxDelay).to(builder::timerMaxDelay);
        map.from(properties::getConnectionsPerBroker).to(builder::connectionsPerBroker);
        map.from(properties::getConnectTimeout).to(builder::connectTimeout);
        map.from(properties::getLookupTimeout).to(builder::lookupTimeout);
        map.from(properties::getRouteRefreshInterval).to(builder::routeRefreshInterval);
        map.from(properties::getHeartbeatInterval).to(builder::heartbeatInterval);
        map.from(properties::getCloseTimeout).to(builder::closeTimeout);
        map.from(properties::getHeaderSerialization).to(builder::headerSerialization);
        map.from(properties::getMaxFrameLength).as(size -> (int) size.toBytes()).to(builder::maxFrameLength);
        map.from(properties.getAsync()::getMaxInFlight).to(builder::maxInFlight);
        map.from(properties.getAsync()::getMaxInFlightBytes).as(DataSize::toBytes).to(builder::maxInFlightBytes);
        map.from(properties.getAsync()::getBackpressure).to(builder::backpressurePolicy);
        map.from(properties.getAsync()::getMaxWait).to(builder::backpressureMaxWait);
        map.from(properties.getAsync().getBatching()::toAutoBatching).to(builder::autoBatching);
        map.from(properties::getNamespace).whenHasText().to(builder::namespace);
        map.from(properties::toCredentials).to(builder::credentials);
        builder.tls(tls(properties.getSsl(), sslBundles));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** TLS from {@code mq.ssl.*}: the named bundle, or the JDK's trust with no bundle; {@code null} when off. */
    private static ClientTls tls(MQProperties.Ssl ssl, ObjectProvider<SslBundles> sslBundles) {
        if (ssl.getBundle() != null && !ssl.getBundle().isBlank()) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new IllegalStateException("mq.ssl.bundle is '" + ssl.getBundle() + "' but no SslBundles bean "
                        + "exists (Boot's SslAutoConfiguration is excluded)");
            }
            return SslBundleTls.from(ssl.getBundle(), bundles.getBundle(ssl.getBundle()), ssl.isVerifyHostname());
        }
        return ssl.isEnabled() ? ClientTls.withJdkTrust().hostnameVerification(ssl.isVerifyHostname()) : null;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ClientResources mqClientResources(MQProperties properties) {
        return ClientResources.create(properties.getIoThreads(), properties.isNativeTransport());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MQTemplate mqTemplate(MQClientConfig config, ClientResources resources, ObjectProvider<SendMetrics> metrics,
            ObjectProvider<MQTemplateCustomizer> customizers, ListableBeanFactory beans) {
        MQTemplate.Builder builder = MQTemplate.builder(config).resources(resources)
                .metrics(metrics.getIfAvailable(() -> SendMetrics.NONE));
        TransactionCheckerBeans.register(beans, builder);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
