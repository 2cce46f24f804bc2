package dev.mqtemplate.autoconfigure.messaging;

import dev.mqtemplate.client.error.MQValidationException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.MimeType;

/**
 * A payload run through the {@link MQMessageConverter}: the body bytes and the content type to store. Every way a
 * conversion can fail ends here as an {@link MQValidationException} naming the payload's type and the cause, before
 * anything goes to the network.
 *
 * @param body the bytes to send
 * @param contentType the content type to store, or {@code null} when the converter set none
 */
record PayloadConversion(byte[] body, String contentType) {

    static PayloadConversion convert(MQMessageConverter converter, Object payload, MessageHeaders headers) {
        MessageConverter messageConverter = converter.getMessageConverter();
        String type = payload.getClass().getSimpleName();
        String converterName = name(messageConverter.getClass());
        Message<?> converted;
        try {
            converted = messageConverter.toMessage(payload, headers);
        } catch (RuntimeException e) {
            throw new MQValidationException("payload of type", type, payload.getClass().getName()
                    + " cannot be converted by " + converterName + ": " + e.getMessage(), e);
        }
        Object contentTypeHeader = headers.get(MessageHeaders.CONTENT_TYPE);
        if (converted == null) {
            throw new MQValidationException("payload of type", type, "no converter of " + converterName
                    + " accepts " + payload.getClass().getName()
                    + (contentTypeHeader == null ? "" : " with content type " + contentTypeHeader));
        }
        Object contentType = converted.getHeaders().get(MessageHeaders.CONTENT_TYPE);
        if (contentType == null) {
            contentType = contentTypeHeader;
        }
        Object body = converted.getPayload();
        if (body instanceof byte[] bytes) {
            return new PayloadConversion(bytes, contentType == null ? null : contentType.toString());
        }
        if (body instanceof String text) {
            return new PayloadConversion(text.getBytes(charsetOf(contentType)),
                    contentType == null ? null : contentType.toString());
        }
        throw new MQValidationException("payload of type", type, converterName + " converted "
                + payload.getClass().getName() + " to " + body.getClass().getName() + ", not to byte[] or String");
    }

    private static String name(Class<?> type) {
        return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
    }

    private static Charset charsetOf(Object contentType) {
        MimeType mimeType = contentType instanceof MimeType m ? m
                : contentType instanceof String s ? parse(s) : null;
        return mimeType != null && mimeType.getCharset() != null ? mimeType.getCharset() : StandardCharsets.UTF_8;
    }

    private static MimeType parse(String contentType) {
        try {
            return MimeType.valueOf(contentType);
        } catch (RuntimeException e) {
            return null; // not a MIME type: stored as it is, and the text as UTF-8
        }
    }
}
