package dev.mqtemplate.autoconfigure.messaging;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.MessageProperties;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.core.AbstractMessageSendingTemplate;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.MimeType;

/**
 * Turns a Spring message's headers into the fields and user properties of an {@link MQMessage}: the
 * {@link MQHeaders} names set keys, tags, flag, delay level and wait-store; Spring's own transient headers and the
 * {@code rocketmq_} headers that describe a consumed message are left out; every other header becomes a user property,
 * and a RocketMQ-reserved name is refused. Stateless.
 */
final class HeaderMapper {

    /**
     * Spring's per-instance headers (a new id and timestamp on every message, channels that are objects of this JVM)
     * and the conversion hint: none means anything to a consumer. The content type is stored from the converted
     * message instead, see {@link MQMessagingTemplate}.
     */
    private static final Set<String> SPRING_HEADERS = Set.of(MessageHeaders.ID, MessageHeaders.TIMESTAMP,
            MessageHeaders.CONTENT_TYPE, MessageHeaders.REPLY_CHANNEL, MessageHeaders.ERROR_CHANNEL,
            NativeMessageHeaderAccessor.NATIVE_HEADERS, AbstractMessageSendingTemplate.CONVERSION_HINT_HEADER);

    /**
     * What rocketmq-spring's listener says about a message it consumed (its {@code RocketMQHeaders} TOPIC,
     * MESSAGE_ID, BORN_TIMESTAMP, BORN_HOST, QUEUE_ID, SYS_FLAG, TRANSACTION_ID, with the prefix): facts about that
     * message which would be false of a new one, so a consumed message can be forwarded as it is.
     */
    private static final Set<String> CONSUMED_MESSAGE_HEADERS = Set.of("TOPIC", "MESSAGE_ID", "BORN_TIMESTAMP",
            "BORN_HOST", "QUEUE_ID", "SYS_FLAG", "TRANSACTION_ID");

    private HeaderMapper() {
    }

    /**
     * Applies {@code headers} to {@code builder}. A bare name ({@code KEYS}) wins over its prefixed form
     * ({@code rocketmq_KEYS}), as in rocketmq-spring; a {@code TAGS} header is used only when the destination has no
     * tags.
     *
     * @throws MQValidationException naming the header, for a reserved name or a value of the wrong type
     */
    static void apply(MessageHeaders headers, boolean destinationHasTags, MQMessage.Builder builder) {
        Object keys = field(headers, MQHeaders.KEYS);
        if (keys != null) {
            builder.keys(keys(keys));
        }
        Object tags = field(headers, MQHeaders.TAGS);
        if (tags != null && !destinationHasTags) {
            builder.tags(text(headerName(headers, MQHeaders.TAGS), tags));
        }
        Object flag = field(headers, MQHeaders.FLAG);
        if (flag != null) {
            builder.flag(integer(headerName(headers, MQHeaders.FLAG), flag));
        }
        Object delay = field(headers, MQHeaders.DELAY);
        if (delay != null) {
            builder.delayLevel(integer(headerName(headers, MQHeaders.DELAY), delay));
        }
        String waitName = waitHeaderName(headers);
        if (waitName != null) {
            builder.waitStoreMsgOk(bool(waitName, headers.get(waitName)));
        }
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = header.getKey();
            if (SPRING_HEADERS.contains(name) || isField(name) || isConsumedMessageHeader(name)) {
                continue;
            }
            if (MessageProperties.isReserved(name) || (name.startsWith(MQHeaders.PREFIX)
                    && MessageProperties.isReserved(name.substring(MQHeaders.PREFIX.length())))) {
                throw new MQValidationException("header", name, "is reserved by RocketMQ; the headers that set"
                        + " message fields are KEYS, TAGS, FLAG, DELAY and WAIT_STORE_MSG_OK (also with the prefix '"
                        + MQHeaders.PREFIX + "')");
            }
            builder.property(name, text(name, header.getValue()));
        }
    }

    /** Whether {@code name} sets a message field rather than a user property. */
    static boolean isField(String name) {
        String bare = name.startsWith(MQHeaders.PREFIX) ? name.substring(MQHeaders.PREFIX.length()) : name;
        return bare.equals(MQHeaders.KEYS) || bare.equals(MQHeaders.TAGS) || bare.equals(MQHeaders.FLAG)
                || bare.equals(MQHeaders.DELAY) || bare.equals(MQHeaders.WAIT)
                || bare.equals(MQHeaders.WAIT_STORE_MSG_OK);
    }

    private static boolean isConsumedMessageHeader(String name) {
        return name.startsWith(MQHeaders.PREFIX)
                && CONSUMED_MESSAGE_HEADERS.contains(name.substring(MQHeaders.PREFIX.length()));
    }

    private static Object field(MessageHeaders headers, String bare) {
        String name = headerName(headers, bare);
        return name == null ? null : headers.get(name);
    }

    /** The header present for a field: the bare name first, then the prefixed one. */
    private static String headerName(MessageHeaders headers, String bare) {
        if (headers.containsKey(bare)) {
            return bare;
        }
        return headers.containsKey(MQHeaders.PREFIX + bare) ? MQHeaders.PREFIX + bare : null;
    }

    private static String waitHeaderName(MessageHeaders headers) {
        String name = headerName(headers, MQHeaders.WAIT_STORE_MSG_OK);
        return name != null ? name : headerName(headers, MQHeaders.WAIT);
    }

    private static List<String> keys(Object value) {
        List<String> keys = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach(key -> keys.add(text(MQHeaders.KEYS, key)));
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                keys.add(text(MQHeaders.KEYS, Array.get(value, i)));
            }
        } else {
            // RocketMQ stores several keys as one string separated by spaces: read it as those keys
            for (String key : text(MQHeaders.KEYS, value).split(" ")) {
                if (!key.isEmpty()) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /**
     * A header value as property text: values whose text is their meaning. Anything else (a map, a bean) would be
     * stored as whatever its {@code toString} happens to print, so it is refused.
     */
    private static String text(String name, Object value) {
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof UUID
                || value instanceof MimeType) {
            return value.toString();
        }
        throw new MQValidationException("header " + name, value == null ? null : value.getClass().getSimpleName(),
                "must be a string, number, boolean, character, enum, UUID or MIME type (a RocketMQ property is text),"
                        + " not a " + (value == null ? "null" : value.getClass().getName()));
    }

    private static int integer(String name, Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        try {
            return Integer.parseInt(text(name, value).trim());
        } catch (NumberFormatException e) {
            throw new MQValidationException("header " + name, value, "must be an int");
        }
    }

    private static boolean bool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = text(name, value).trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new MQValidationException("header " + name, value, "must be true or false");
    }
}
