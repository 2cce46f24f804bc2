package dev.mqtemplate.autoconfigure.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.StringMessageConverter;

class MQMessagingAutoConfigurationTests {

    record Order(String orderId, LocalDate placedOn) {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class, MQMessagingAutoConfiguration.class))
            .withPropertyValues("mq.name-server=127.0.0.1:9876");

    @Test
    void aMessagingTemplateDelegatingToTheTemplateIsConfigured() {
        runner.withPropertyValues("mq.template.default-destination=orders:created").run(context -> {
            MQMessagingTemplate messaging = context.getBean(MQMessagingTemplate.class);
            assertThat(messaging.getOperations()).isSameAs(context.getBean(MQTemplate.class));
            assertThat(messaging.getDefaultDestination()).isEqualTo("orders:created");
            assertThat(context).hasSingleBean(MQMessageConverter.class);
        });
    }

    @Test
    void jsonIsWrittenByTheApplicationsJsonMapperWithItsSettings() {
        runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE").run(context -> {
                    MQMessage message = context.getBean(MQMessagingTemplate.class)
                            .toMessageBuilder("orders", new Order("o-1", LocalDate.of(2026, 12, 5))).build();
                    assertThat(new String(message.body(), StandardCharsets.UTF_8))
                            .isEqualTo("{\"order_id\":\"o-1\",\"placed_on\":\"2026-12-05\"}");
                });
    }

    @Test
    void withoutAJsonMapperBeanJacksonsDefaultsAreUsed() {
        runner.run(context -> {
            MQMessage message = context.getBean(MQMessagingTemplate.class)
                    .toMessageBuilder("orders", new Order("o-1", LocalDate.of(2026, 12, 5))).build();
            assertThat(new String(message.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"orderId\":\"o-1\",\"placedOn\":\"2026-12-05\"}");
        });
    }

    @Test
    void anApplicationsConverterReplacesTheDefault() {
        runner.withUserConfiguration(TextOnly.class).run(context -> {
            assertThat(context.getBean(MQMessageConverter.class)).isSameAs(context.getBean("textOnly"));
            MQMessage message = context.getBean(MQMessagingTemplate.class).toMessageBuilder("orders", "hi").build();
            assertThat(message.properties()).containsEntry("contentType", "text/plain;charset=UTF-8");
        });
    }

    @Test
    void backsOffWithoutSpringMessaging() {
        runner.withClassLoader(new FilteredClassLoader(Message.class)).run(context -> {
            assertThat(context).hasSingleBean(MQTemplate.class);
            assertThat(context).doesNotHaveBean(MQMessagingTemplate.class);
        });
    }

    @Test
    void backsOffWithoutATemplate() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQMessagingAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(MQMessagingTemplate.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class TextOnly {
        @Bean
        MQMessageConverter textOnly() {
            return new MQMessageConverter(new StringMessageConverter());
        }
    }
}
