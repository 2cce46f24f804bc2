package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.message.CompressionType;
import dev.mqtemplate.client.route.TopicRoute;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What an ahead-of-time processed application (and a native image built from it) must keep of the client that no
 * bean definition shows: the name-server route JSON is read by Jackson data binding into {@link TopicRoute} and its
 * nested records, and an optional codec's library is looked up by class name before it is used. Configuration
 * properties, the failure analyzers and the auto-configurations themselves are covered by Spring Boot's own AOT
 * processing.
 */
class MQRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), TopicRoute.class);
        for (CompressionType type : CompressionType.values()) {
            if (type.probeClass() != null) {
                hints.reflection().registerType(TypeReference.of(type.probeClass()));
            }
        }
    }
}
