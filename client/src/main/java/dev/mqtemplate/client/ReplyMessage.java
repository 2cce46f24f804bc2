package dev.mqtemplate.client;

import java.time.Instant;
import java.util.Map;

/**
 * The reply to a request sent with {@link MQOperations#sendAndReceive}: what the responder sent back, as the broker
 * pushed it to this client. The body is the array as received (inflated if the responder compressed it); it is not
 * copied, so treat it as read-only.
 *
 * @param topic the topic the responder sent it to: the reply topic of the request's cluster,
 *     {@code <cluster>_REPLY_TOPIC}
 * @param correlationId the id that matched it to its request ({@code CORRELATION_ID})
 * @param messageId the reply's own UNIQ_KEY, given by the responder's client; {@code null} if it set none
 * @param body the reply's body
 * @param properties every property of the reply, the responder's own and the system ones ({@code CORRELATION_ID},
 *     {@code REPLY_TO_CLIENT}, {@code TTL}, {@code MSG_TYPE}, {@code PUSH_REPLY_TIME}, ...); unmodifiable
 * @param bornHost {@code ip:port} the responder sent it from, as the broker saw it
 * @param bornTime when the responder sent it, by the responder's clock
 * @param storeHost {@code ip:port} of the broker that pushed it
 * @param pushTime when that broker pushed it, by the broker's clock
 */
public record ReplyMessage(String topic, String correlationId, String messageId, byte[] body,
        Map<String, String> properties, String bornHost, Instant bornTime, String storeHost, Instant pushTime) {

    /** The responder's tags, or {@code null}. */
    public String tags() {
        return properties.get("TAGS");
    }

    /** The responder's keys (space-separated), or {@code null}. */
    public String keys() {
        return properties.get("KEYS");
    }

    /** A property by name, or {@code null}. */
    public String property(String name) {
        return properties.get(name);
    }
}
