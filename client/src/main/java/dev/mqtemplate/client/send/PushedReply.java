package dev.mqtemplate.client.send;

import java.util.Map;

/**
 * A reply message as a broker pushes it with PUSH_REPLY_MESSAGE_TO_CLIENT: the fields of its header and its body,
 * inflated when the responder sent it compressed.
 *
 * @param topic the reply topic ({@code <cluster>_REPLY_TOPIC})
 * @param correlationId the {@code CORRELATION_ID} property: which request it answers
 * @param properties every property of the reply, unmodifiable
 * @param body the body as the responder gave it
 * @param bornHost {@code ip:port} of the responder's connection to the broker
 * @param bornTimestamp when the responder sent it (its clock, epoch milliseconds)
 * @param storeHost {@code ip:port} of the broker that pushed it
 * @param storeTimestamp when the broker pushed it (its clock, epoch milliseconds)
 * @param flag the responder's flag
 */
public record PushedReply(String topic, String correlationId, Map<String, String> properties, byte[] body,
        String bornHost, long bornTimestamp, String storeHost, long storeTimestamp, int flag) {
}
