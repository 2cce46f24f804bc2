package dev.mqtemplate.test;

import dev.mqtemplate.autoconfigure.MQConnectionDetails;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers the shared cluster, its {@link MQConnectionDetails} and {@link TopicMessages} as beans before the context
 * refreshes, so {@code MQAutoConfiguration} (whose connection details back off when such a bean exists) points the
 * template at the cluster. The beans are registered as ready singletons: the context never closes the cluster, other
 * contexts of the JVM may use it too. Equal options make equal customizers, so Spring's context cache can share
 * contexts between test classes.
 */
record LocalRocketMQContextCustomizer(ClusterOptions options) implements ContextCustomizer {

    /** Bean names with our prefix, so they never collide with an application's own {@code localRocketMQ} bean. */
    static final String ROCKETMQ_BEAN = "mqtemplate.test.localRocketMQ";

    static final String CONNECTION_DETAILS_BEAN = "mqtemplate.test.localRocketMQConnectionDetails";

    static final String MESSAGES_BEAN = "mqtemplate.test.topicMessages";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        LocalRocketMQ rocketMQ = SharedClusters.get(options);
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton(ROCKETMQ_BEAN, rocketMQ);
        beanFactory.registerSingleton(CONNECTION_DETAILS_BEAN, new LocalConnectionDetails(rocketMQ));
        beanFactory.registerSingleton(MESSAGES_BEAN, new TopicMessages(rocketMQ));
    }

    /** The cluster's name servers, read on each call (a test may restart one on another port: it never does today). */
    private record LocalConnectionDetails(LocalRocketMQ rocketMQ) implements MQConnectionDetails {
        @Override
        public String nameServer() {
            return rocketMQ.nameServerAddress();
        }
    }
}
