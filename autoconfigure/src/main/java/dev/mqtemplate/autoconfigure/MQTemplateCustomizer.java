package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.MQTemplate;

/**
 * Adjusts how the auto-configured {@link MQTemplate} is assembled (e.g. its metrics listener). Beans of this type are
 * applied in {@link org.springframework.core.Ordered order}, after the auto-configured parts are set.
 */
@FunctionalInterface
public interface MQTemplateCustomizer {

    void customize(MQTemplate.Builder builder);
}
