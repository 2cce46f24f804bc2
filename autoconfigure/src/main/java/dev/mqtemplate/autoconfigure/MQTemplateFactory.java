package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.autoconfigure.transaction.TransactionCheckerBeans;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.ClientTls;
import io.micrometer.core.instrument.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Builds the auto-configured templates the same way: the unnamed one from {@code mq.*}, and each named one of
 * {@code mq.templates.<name>.*} over {@code mq.*}. Every template gets the shared I/O threads, the
 * {@link MQClientConfigCustomizer} and {@link MQTemplateCustomizer} beans, and the transaction checker beans; each
 * has its own connections, route cache and metrics, the latter tagged {@code template=<name>} ({@code default} for the
 * unnamed one) when they are the auto-configured Micrometer ones.
 */
public class MQTemplateFactory {

    /** The name the unnamed {@code mq.*} template goes by in metrics and health. */
    public static final String PRIMARY = "default";

    private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent("io.micrometer.core.instrument.Tags",
            MQTemplateFactory.class.getClassLoader());

    private final Environment environment;

    private final List<String> names;

    private final ClientResources resources;

    private final ListableBeanFactory beans;

    MQTemplateFactory(Environment environment, ClientResources resources, ListableBeanFactory beans) {
        this.environment = environment;
        this.names = List.copyOf(NamedTemplates.names(environment));
        this.resources = resources;
        this.beans = beans;
    }

    /** The names of {@code mq.templates.*}, in the order they are declared; empty without named templates. */
    public List<String> names() {
        return names;
    }

    /**
     * Every auto-configured template by name: the unnamed one as {@code default} (the primary {@link MQTemplate}
     * bean, if there is one), then the named ones.
     */
    public Map<String, MQTemplate> templates() {
        Map<String, MQTemplate> templates = new LinkedHashMap<>();
        beans.getBeanProvider(MQTemplate.class).ifUnique(primary -> templates.put(PRIMARY, primary));
        for (String name : names) {
            templates.put(name, beans.getBean(NamedTemplates.beanName(name), MQTemplate.class));
        }
        return templates;
    }

    /**
     * Builds named template {@code name}; its bean's factory method, and closed with it.
     *
     * @throws IllegalStateException naming the template, when its settings are refused
     */
    public MQTemplate create(String name) {
        MQProperties properties = NamedTemplates.properties(environment, name);
        try {
            // without one of its own, the unnamed template's name servers, wherever those come from
            String nameServer = NamedTemplates.ownNameServer(environment, name)
                    .orElseGet(() -> beans.getBean(MQConnectionDetails.class).nameServer());
            return template(clientConfig(properties, nameServer), metrics(name));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Template '" + name + "' of '" + NamedTemplates.PREFIX + "': "
                    + e.getMessage(), e);
        }
    }

    /** The metrics of a named template: the auto-configured Micrometer ones tagged with its name, else the bean. */
    private SendMetrics metrics(String name) {
        SendMetrics metrics = beans.getBeanProvider(SendMetrics.class).getIfAvailable(() -> SendMetrics.NONE);
        return MICROMETER_PRESENT ? TemplateTag.add(metrics, name) : metrics;
    }

    /** The client configuration from these settings, then the {@link MQClientConfigCustomizer} beans. */
    MQClientConfig clientConfig(MQProperties properties, String nameServer) {
        MQClientConfig.Builder builder = MQClientConfig.builder().nameServer(nameServer);
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
        builder.tls(tls(properties.getSsl()));
        beans.getBeanProvider(MQClientConfigCustomizer.class).orderedStream()
                .forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** TLS from {@code ssl.*}: the named bundle, or the JDK's trust with no bundle; {@code null} when off. */
    private ClientTls tls(MQProperties.Ssl ssl) {
        if (ssl.getBundle() != null && !ssl.getBundle().isBlank()) {
            SslBundles bundles = beans.getBeanProvider(SslBundles.class).getIfAvailable();
            if (bundles == null) {
                throw new IllegalStateException("mq.ssl.bundle is '" + ssl.getBundle() + "' but no SslBundles bean "
                        + "exists (Boot's SslAutoConfiguration is excluded)");
            }
            return SslBundleTls.from(ssl.getBundle(), bundles.getBundle(ssl.getBundle()), ssl.isVerifyHostname());
        }
        return ssl.isEnabled() ? ClientTls.withJdkTrust().hostnameVerification(ssl.isVerifyHostname()) : null;
    }

    /** A template of this configuration on the shared I/O threads, then the {@link MQTemplateCustomizer} beans. */
    MQTemplate template(MQClientConfig config, SendMetrics metrics) {
        MQTemplate.Builder builder = MQTemplate.builder(config).resources(resources).metrics(metrics);
        TransactionCheckerBeans.register(beans, builder);
        beans.getBeanProvider(MQTemplateCustomizer.class).orderedStream()
                .forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** Apart, so that the factory loads without Micrometer. */
    private static final class TemplateTag {

        static SendMetrics add(SendMetrics metrics, String name) {
            return metrics instanceof MicrometerSendMetrics micrometer
                    ? micrometer.withCommonTags(Tags.of("template", name)) : metrics;
        }
    }
}
