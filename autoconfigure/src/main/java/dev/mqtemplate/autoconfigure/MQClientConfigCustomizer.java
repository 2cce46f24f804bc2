package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.MQClientConfig;

/**
 * Adjusts the client configuration built from {@code mq.*} before the template is created. Beans of this type are
 * applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface MQClientConfigCustomizer {

    void customize(MQClientConfig.Builder builder);
}
