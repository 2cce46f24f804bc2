package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.SendRequestEncoder;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configures an {@link MQTemplate} and its parts from {@code mq.*}: the shared client resources, the channel
 * pool, the name-server lookup, the route cache and the request encoder. Each bean backs off when the application
 * defines its own of that type; {@link MQClientConfigCustomizer} and {@link MQTemplateCustomizer} beans adjust what is
 * built. Every part is closed with the context: the template first (it waits for sends in flight up to
 * {@code mq.close-timeout}), then the parts it used.
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
            ObjectProvider<MQClientConfigCustomizer> customizers) {
        MQClientConfig.Builder builder = MQClientConfig.builder().nameServer(connectionDetails.nameServer());
        PropertyMapper map = PropertyMapper.get();
        map.from(properties::getProducerGroup).to(builder::producerGroup);
        map.from(properties::getSendTimeout).to(builder::sendTimeout);
        map.from(properties::getRetries).to(builder::retries);
        map.from(properties::isRetryUnknownOutcome).to(builder::retryUnknownOutcome);
        map.from(properties.getCompression()::getThreshold).as(size -> (int) size.toBytes()).to(builder::compressThreshold);
        map.from(properties.getCompression()::getLevel).to(builder::compressLevel);
        map.from(properties::getMaxMessageSize).as(size -> (int) size.toBytes()).to(builder::maxMessageSize);
        map.from(properties::getMaxDelayLevel).to(builder::maxDelayLevel);
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
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ClientResources mqClientResources(MQProperties properties) {
        return ClientResources.create(properties.getIoThreads(), properties.isNativeTransport());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ChannelPool mqChannelPool(ClientResources resources, MQClientConfig config) {
        return new ChannelPool(resources, new TransportOptions(config.connectTimeout(), config.connectionsPerBroker(),
                config.maxFrameLength(), config.headerSerialization()));
    }

    @Bean
    @ConditionalOnMissingBean
    NameServerLookup mqNameServerLookup(MQClientConfig config, ChannelPool channelPool,
            ObjectProvider<SendMetrics> metrics) {
        return new NameServerLookup(config.nameServer(), channelPool, config.lookupTimeout(),
                metrics.getIfAvailable(() -> SendMetrics.NONE));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RouteCache mqRouteCache(NameServerLookup lookup, ClientResources resources, MQClientConfig config) {
        return new RouteCache(lookup, resources.eventLoopGroup(), config.routeRefreshInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    SendRequestEncoder mqSendRequestEncoder(MQClientConfig config) {
        return new SendRequestEncoder(MessageValidator.checkProducerGroup(config.producerGroup()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MQTemplate mqTemplate(MQClientConfig config, ClientResources resources, ChannelPool channelPool,
            RouteCache routeCache, SendRequestEncoder encoder, ObjectProvider<SendMetrics> metrics,
            ObjectProvider<MQTemplateCustomizer> customizers) {
        MQTemplate.Builder builder = MQTemplate.builder(config).resources(resources).channelPool(channelPool)
                .routeCache(routeCache).encoder(encoder).metrics(metrics.getIfAvailable(() -> SendMetrics.NONE));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
