package dev.mqtemplate.autoconfigure.messaging;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.MQOperations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configures an {@link MQMessagingTemplate} beside the {@code MQTemplate}, where the application has
 * spring-messaging: payload conversion by an {@link MQMessageConverter} (the default writes JSON with the
 * application's {@link JsonMapper} bean, Boot's, with its modules and {@code spring.jackson.*} settings) and Spring
 * {@link Message} sends. Each bean backs off when the application defines its own. Each named template
 * ({@code mq.templates.<name>}) gets one more, qualified with its name, sending through it.
 */
@AutoConfiguration(after = MQAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ Message.class, MQOperations.class })
@ConditionalOnBean(MQOperations.class)
@EnableConfigurationProperties(MQMessagingProperties.class)
@Import(NamedMessagingTemplatesRegistrar.class)
public class MQMessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MQMessageConverter mqMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
        // without Boot's Jackson auto-configuration, Jackson's own defaults (java.time and records included in 3.x)
        return MQMessageConverter.withJsonMapper(jsonMapper.getIfAvailable(JsonMapper::shared));
    }

    /** Through the unnamed template; primary among those of the named templates. */
    @Bean
    @Primary
    @ConditionalOnMissingBean
    MQMessagingTemplate mqMessagingTemplate(MQOperations operations, MQMessageConverter converter,
            MQMessagingProperties properties) {
        return new MQMessagingTemplate(operations, converter, properties.getDefaultDestination());
    }
}
