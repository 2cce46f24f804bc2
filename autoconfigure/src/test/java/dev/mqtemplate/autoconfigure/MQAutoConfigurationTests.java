package dev.mqtemplate.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.autoconfigure.health.MQHealthContributorAutoConfiguration;
import dev.mqtemplate.autoconfigure.health.MQHealthIndicator;
import dev.mqtemplate.autoconfigure.metrics.MQMetricsAutoConfiguration;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQOperations;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.error.MQCompressionUnavailableException;
import dev.mqtemplate.client.message.CompressionType;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.metrics.SendMode;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.AutoBatching;
import dev.mqtemplate.client.send.BackpressurePolicy;
import dev.mqtemplate.client.send.SendRequestEncoder;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class MQAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class, MQMetricsAutoConfiguration.class,
                    MQHealthContributorAutoConfiguration.class))
            .withPropertyValues("mq.name-server=127.0.0.1:9876");

    @Test
    void propertiesReachTheClient() {
        runner.withPropertyValues("mq.producer-group=orders", "mq.send-timeout=5s", "mq.retries=4",
                "mq.retry-unknown-outcome=true", "mq.compression.threshold=8KB", "mq.compression.level=7",
                "mq.compression.type=ZSTD",
                "mq.max-message-size=1MB", "mq.max-delay-level=10", "mq.timer-max-delay=1d",
                "mq.connections-per-broker=3",
                "mq.connect-timeout=750ms", "mq.lookup-timeout=1500ms", "mq.route-refresh-interval=10s",
                "mq.heartbeat-interval=20s", "mq.close-timeout=4s", "mq.header-serialization=binary",
                "mq.max-frame-length=2MB", "mq.io-threads=1", "mq.native-transport=false", "mq.async.max-in-flight=500",
                "mq.async.max-in-flight-bytes=8MB", "mq.async.backpressure=fail", "mq.async.max-wait=250ms",
                "mq.async.batching.enabled=true", "mq.async.batching.max-messages=64",
                "mq.async.batching.max-bytes=64KB", "mq.async.batching.linger=5ms",
                "mq.async.batching.max-requests-per-topic=2").run(context -> {
                    MQClientConfig config = context.getBean(MQClientConfig.class);
                    assertThat(config.nameServer()).isEqualTo("127.0.0.1:9876");
                    assertThat(config.producerGroup()).isEqualTo("orders");
                    assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(config.retries()).isEqualTo(4);
                    assertThat(config.retryUnknownOutcome()).isTrue();
                    assertThat(config.compressThreshold()).isEqualTo(8 * 1024);
                    assertThat(config.compressLevel()).isEqualTo(7);
                    assertThat(config.compressionType()).isEqualTo(CompressionType.ZSTD);
                    assertThat(config.maxMessageSize()).isEqualTo(1024 * 1024);
                    assertThat(config.maxDelayLevel()).isEqualTo(10);
                    assertThat(config.timerMaxDelay()).isEqualTo(Duration.ofDays(1));
                    assertThat(config.connectionsPerBroker()).isEqualTo(3);
                    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(config.lookupTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(config.routeRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(config.headerSerialization()).isEqualTo(HeaderSerialization.BINARY);
                    assertThat(config.maxFrameLength()).isEqualTo(2 * 1024 * 1024);
                    assertThat(config.maxInFlight()).isEqualTo(500);
                    assertThat(config.maxInFlightBytes()).isEqualTo(8L * 1024 * 1024);
                    assertThat(config.backpressurePolicy()).isEqualTo(BackpressurePolicy.FAIL);
                    assertThat(config.backpressureMaxWait()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.autoBatching()).isEqualTo(new AutoBatching(true, 64, 64 * 1024,
                            Duration.ofMillis(5), 2));

                    assertThat(context.getBean(ClientResources.class).transport()).isEqualTo("nio");
                    assertThat(context.getBean(MQTemplate.class).status().nameServers())
                            .containsExactly("127.0.0.1:9876");
                    assertThat(context.getBean(MQTemplate.class).config()).isSameAs(config);
                });
    }

    @Test
    void namespaceReachesTheClientAndDefaultsToNone() {
        runner.withPropertyValues("mq.namespace=shop").run(context ->
                assertThat(context.getBean(MQTemplate.class).config().namespace()).isEqualTo("shop"));
        runner.run(context -> assertThat(context.getBean(MQClientConfig.class).namespace()).isEmpty());
    }

    @Test
    void anInvalidNamespaceFailsStartupNamingTheValue() {
        runner.withPropertyValues("mq.namespace=a%b").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("namespace 'a%b' is invalid"));
    }

    @Test
    void onlyTheBeansApplicationsTouchAreAutoConfigured() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ClientResources.class).hasSingleBean(MQClientConfig.class)
                    .hasSingleBean(MQTemplate.class).hasSingleBean(MQConnectionDetails.class)
                    .doesNotHaveBean(ChannelPool.class).doesNotHaveBean(NameServerLookup.class)
                    .doesNotHaveBean(RouteCache.class).doesNotHaveBean(SendRequestEncoder.class);
            // the template is the MQOperations applications inject (and mock in their tests)
            assertThat(context.getBean(MQOperations.class)).isSameAs(context.getBean(MQTemplate.class));
        });
    }

    @Test
    void connectionDetailsBeanReplacesTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .withBean(MQConnectionDetails.class, () -> () -> "10.0.0.1:9876;10.0.0.2:9876")
                .run(context -> assertThat(context.getBean(MQClientConfig.class).nameServer())
                        .isEqualTo("10.0.0.1:9876;10.0.0.2:9876"));
    }

    @Test
    void userClientResourcesReplaceOurs() {
        ClientResources own = ClientResources.create(1);
        try {
            runner.withBean("myResources", ClientResources.class, () -> own).run(context -> {
                assertThat(context).hasSingleBean(ClientResources.class);
                assertThat(context.getBean(ClientResources.class)).isSameAs(own);
            });
        } finally {
            own.close();
        }
    }

    @Test
    void userTemplateReplacesOurs() {
        runner.withUserConfiguration(UserTemplate.class).run(context -> {
            assertThat(context).hasSingleBean(MQTemplate.class);
            assertThat(context.getBean(MQTemplate.class).config().producerGroup()).isEqualTo("user_template");
        });
    }

    @Test
    void userClientConfigReplacesOurs() {
        runner.withBean(MQClientConfig.class,
                () -> MQClientConfig.builder().nameServer("127.0.0.2:9876").retries(9).build())
                .run(context -> assertThat(context.getBean(MQTemplate.class).config().retries()).isEqualTo(9));
    }

    @Test
    void customizersAreAppliedInOrder() {
        runner.withUserConfiguration(OrderedCustomizers.class).run(context -> {
            assertThat(context.getBean(MQClientConfig.class).producerGroup()).isEqualTo("second");
            assertThat(context.getBean("calls", List.class)).containsExactly("first", "second", "template");
        });
    }

    @Test
    void metricsAreRecordedWhenAMeterRegistryIsPresent() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(SendMetrics.class);
            assertThat(context.getBean(SendMetrics.class)).isInstanceOf(MicrometerSendMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // the binder runs when Boot's metrics post-processor sees it; here we bind by hand
            context.getBean(io.micrometer.core.instrument.binder.MeterBinder.class).bindTo(registry);
            assertThat(registry.find("mq.route.cached.topics").gauge()).isNotNull();
            assertThat(registry.find("mq.send.in.flight").gauge()).isNotNull();
            // per address, registered as connections are made (none yet: nothing was sent)
            assertThat(registry.find("mq.connections.open").gauge()).isNull();
        });
    }

    @Test
    void maxTopicTagsReachesTheSendMetricsAndDefaultsToAThousand() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> assertThat(
                context.getBean(MicrometerSendMetrics.class).maxTopicTags()).isEqualTo(1000));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("mq.metrics.max-topic-tags=2")
                .run(context -> {
                    MicrometerSendMetrics metrics = context.getBean(MicrometerSendMetrics.class);
                    assertThat(metrics.maxTopicTags()).isEqualTo(2);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    for (String topic : List.of("a", "b", "c", "d")) {
                        metrics.sendCompleted(topic, "broker-a", SendMode.SYNC, "SEND_OK", null, 1_000);
                    }
                    assertThat(registry.find("mq.send").timers()).extracting(timer -> timer.getId().getTag("topic"))
                            .containsExactlyInAnyOrder("a", "b", "other");
                });
    }

    @Test
    void metricsBackOffWithoutAMeterRegistry() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(SendMetrics.class);
            assertThat(context).hasSingleBean(MQTemplate.class);
        });
    }

    @Test
    void metricsBackOffWithoutMicrometerOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(SendMetrics.class).hasSingleBean(MQTemplate.class));
    }

    @Test
    void healthIndicatorIsRegisteredAndCanBeDisabled() {
        runner.run(context -> assertThat(context).hasSingleBean(MQHealthIndicator.class));
        runner.withPropertyValues("management.health.mq.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MQHealthIndicator.class));
    }

    @Test
    void missingNameServerFailsStartupWithAnAnalysisThatSaysWhatToSet() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    FailureAnalysis analysis = new NameServerNotConfiguredFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("'mq.name-server' is not set");
                    assertThat(analysis.getAction()).contains("Set 'mq.name-server'").contains("127.0.0.1:9876")
                            .contains("MQConnectionDetails");
                });
    }

    @Test
    void compressionTypeDefaultsToZlibAndBindsZstd() {
        runner.run(context -> assertThat(context.getBean(MQClientConfig.class).compressionType())
                .isEqualTo(CompressionType.ZLIB));
        runner.withPropertyValues("mq.compression.type=zstd", "mq.compression.level=12").run(context -> {
            MQClientConfig config = context.getBean(MQClientConfig.class);
            assertThat(config.compressionType()).isEqualTo(CompressionType.ZSTD);
            assertThat(config.compressLevel()).isEqualTo(12);
            assertThat(context.getBean(MQTemplate.class).config()).isSameAs(config);
        });
    }

    /** This module's test classpath has zstd-jni but not lz4-java: LZ4 must fail at startup, naming the artifact. */
    @Test
    void compressionTypeWithoutItsLibraryFailsStartupNamingTheArtifact() {
        runner.withPropertyValues("mq.compression.type=lz4").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause().isInstanceOf(ClassNotFoundException.class);
            MQCompressionUnavailableException unavailable = findCause(context.getStartupFailure(),
                    MQCompressionUnavailableException.class);
            assertThat(unavailable.compressionType()).isEqualTo("LZ4");
            assertThat(unavailable.artifact()).isEqualTo("at.yawk.lz4:lz4-java");
            FailureAnalysis analysis = new CompressionUnavailableFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'mq.compression.type' is LZ4")
                    .contains("at.yawk.lz4:lz4-java");
            assertThat(analysis.getAction()).contains("groupId at.yawk.lz4, artifactId lz4-java")
                    .contains("'mq.compression.type' to zlib");
        });
    }

    @Test
    void compressionLevelOutOfTheTypesRangeFailsStartup() {
        runner.withPropertyValues("mq.compression.type=zlib", "mq.compression.level=12")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("compression level must be 0..9 for ZLIB, was 12"));
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }

    @Test
    void malformedNameServerFailsStartupNamingTheAddress() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .withPropertyValues("mq.name-server=localhost")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("'localhost'")
                        .hasMessageContaining("host:port"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserTemplate {
        @Bean(destroyMethod = "close")
        MQTemplate myTemplate() {
            return MQTemplate.create(MQClientConfig.builder().nameServer("127.0.0.1:9876")
                    .producerGroup("user_template").build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizers {
        private final List<String> calls = new ArrayList<>();

        @Bean
        List<String> calls() {
            return calls;
        }

        @Bean
        @Order(2)
        MQClientConfigCustomizer second() {
            return builder -> {
                calls.add("second");
                builder.producerGroup("second");
            };
        }

        @Bean
        @Order(1)
        MQClientConfigCustomizer first() {
            return builder -> {
                calls.add("first");
                builder.producerGroup("first");
            };
        }

        @Bean
        MQTemplateCustomizer templateCustomizer() {
            return builder -> calls.add("template");
        }
    }
}
