package dev.mqtemplate.autoconfigure.metrics;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.autoconfigure.MQProperties;
import dev.mqtemplate.autoconfigure.MQTemplateFactory;
import dev.mqtemplate.client.ClientStatus;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.metrics.SendMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Reports sends, compression, route lookups, retries and the template's gauges to Micrometer. Backs off without a
 * {@link MeterRegistry} bean, and when the application defines its own {@link SendMetrics}. At most
 * {@code mq.metrics.max-topic-tags} topics are tagged with their name. Every meter is tagged
 * {@value #TEMPLATE_TAG} with the name of the template it measures ({@code default} for the unnamed one).
 */
@AutoConfiguration(before = MQAutoConfiguration.class,
        afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, MQTemplate.class})
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(MQProperties.class)
public class MQMetricsAutoConfiguration {

    /** The tag naming the template a meter measures: {@code default}, or a name of {@code mq.templates}. */
    public static final String TEMPLATE_TAG = "template";

    @Bean
    @ConditionalOnMissingBean(SendMetrics.class)
    MicrometerSendMetrics mqSendMetrics(MeterRegistry registry, MQProperties properties) {
        return new MicrometerSendMetrics(registry, properties.getMetrics().getMaxTopicTags(),
                Tags.of(TEMPLATE_TAG, MQTemplateFactory.PRIMARY));
    }

    /**
     * Gauges that read each live template, tagged with its name: cached topics, async sends in flight, open
     * connections per address.
     */
    @Bean
    MeterBinder mqTemplateGauges(ObjectProvider<MQTemplateFactory> factory) {
        return registry -> factory.ifAvailable(templates -> templates.templates()
                .forEach((name, template) -> bindGauges(registry, name, template)));
    }

    private static void bindGauges(MeterRegistry registry, String name, MQTemplate template) {
        MicrometerSendMetrics gauges = new MicrometerSendMetrics(registry, 0, Tags.of(TEMPLATE_TAG, name));
        ClientStatus status = template.status();
        gauges.gauge("mq.route.cached.topics", "Topics with a cached route", status,
                view -> view.cachedTopics().size());
        gauges.gauge("mq.send.in.flight", "Async sends not yet completed", template, MQTemplate::inFlightCount);
        Set<String> withGauge = ConcurrentHashMap.newKeySet();
        Consumer<String> perAddress = address -> {
            if (withGauge.add(address)) {
                gauges.gauge("mq.connections.open", "Open connections to a broker or name server", status,
                        view -> view.openConnections(address), "address", address);
            }
        };
        status.openConnections().keySet().forEach(perAddress);
        status.onNewConnection(perAddress);
    }
}
