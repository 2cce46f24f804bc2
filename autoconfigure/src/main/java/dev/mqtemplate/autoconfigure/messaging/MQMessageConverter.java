package dev.mqtemplate.autoconfigure.messaging;

import java.util.List;
import java.util.Objects;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payload converter of {@link MQMessagingTemplate}: a Spring {@link MessageConverter} that turns a payload into a
 * message whose payload is {@code byte[]} (or a {@code String}, stored in the charset of its content type, UTF-8 by
 * default) and whose {@code contentType} header says what it is. Declare a bean of this type to replace the default,
 * as a {@code RocketMQMessageConverter} bean does for rocketmq-spring:
 *
 * <pre>{@code
 * @Bean
 * MQMessageConverter mqMessageConverter() {
 *     return new MQMessageConverter(new ProtobufMessageConverter());
 * }
 * }</pre>
 *
 * It is a type of its own, not a bare {@link MessageConverter} bean, so that converters other Spring modules declare
 * (WebSocket's, Spring Cloud Stream's) never replace it by accident.
 */
public class MQMessageConverter {

    private final MessageConverter messageConverter;

    public MQMessageConverter(MessageConverter messageConverter) {
        this.messageConverter = Objects.requireNonNull(messageConverter, "messageConverter");
    }

    /**
     * The default: {@code byte[]} as it is ({@code application/octet-stream}), {@code String} as UTF-8
     * ({@code text/plain;charset=UTF-8}), whatever content type header the message already has; any other object as
     * JSON written by {@code jsonMapper} ({@code application/json}). The content types are those rocketmq-spring's
     * default converter stores.
     */
    public static MQMessageConverter withJsonMapper(JsonMapper jsonMapper) {
        ByteArrayMessageConverter bytes = new ByteArrayMessageConverter();
        StringMessageConverter text = new StringMessageConverter();
        // no content type resolver: bytes and text go through raw whatever content type the message declares
        bytes.setContentTypeResolver(null);
        text.setContentTypeResolver(null);
        return new MQMessageConverter(new CompositeMessageConverter(
                List.of(bytes, text, new JacksonJsonMessageConverter(jsonMapper))));
    }

    /** The Spring converter that does the work. */
    public MessageConverter getMessageConverter() {
        return messageConverter;
    }
}
