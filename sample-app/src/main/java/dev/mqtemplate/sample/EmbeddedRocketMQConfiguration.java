package dev.mqtemplate.sample;

import dev.mqtemplate.autoconfigure.MQConnectionDetails;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The zero-setup default: when {@code mq.name-server} is not set, start a real RocketMQ name server and broker on
 * 127.0.0.1 (child JVMs, killed with the context) and point the template at it through {@link MQConnectionDetails}.
 * Backs off when connection details are already there, e.g. from {@code @LocalRocketMQTest} in the sample's tests,
 * which share one cluster per test JVM.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedRocketMQConfiguration.NoNameServerConfigured.class)
@ConditionalOnMissingBean(MQConnectionDetails.class)
class EmbeddedRocketMQConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRocketMQConfiguration.class);

    @Bean(destroyMethod = "close")
    LocalRocketMQ localRocketMQ() {
        log.info("mq.name-server is not set: starting a local RocketMQ 5.3.3 on 127.0.0.1 (about 15 s)");
        long started = System.nanoTime();
        LocalRocketMQ rocketMQ = LocalRocketMQ.builder().start();
        log.info("Local RocketMQ ready in {} ms: name server {}, broker {}", (System.nanoTime() - started) / 1_000_000,
                rocketMQ.nameServerAddress(), rocketMQ.brokers().get(0).address());
        return rocketMQ;
    }

    @Bean
    MQConnectionDetails localRocketMQConnectionDetails(LocalRocketMQ rocketMQ) {
        return rocketMQ::nameServerAddress;
    }

    static class NoNameServerConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String nameServer = context.getEnvironment().getProperty("mq.name-server");
            return nameServer == null || nameServer.isBlank();
        }
    }
}
