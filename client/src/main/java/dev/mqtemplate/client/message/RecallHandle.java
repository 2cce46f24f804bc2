package dev.mqtemplate.client.message;

import dev.mqtemplate.client.error.MQValidationException;
import java.nio.charset.StandardCharsets;

/**
 * A broker's recall handle, read: which topic, broker and message it cancels, and when that message is due. A 5.3
 * broker hands it out for each timer message it stores, as URL-safe Base64 of {@code v1 <topic> <broker name>
 * <due epoch ms> <UNIQ_KEY>}; reading it here lets a malformed handle be refused before the network and tells which
 * broker to ask.
 *
 * @param topic the topic of the timer message
 * @param brokerName the broker that holds it
 * @param dueMillis when it is due, epoch milliseconds as the broker rounded it (-1 when the handle does not say)
 * @param messageId its UNIQ_KEY
 */
public record RecallHandle(String topic, String brokerName, long dueMillis, String messageId) {

    private static final String VERSION = "v1";

    /** Reads a handle, refusing with an {@link MQValidationException} one a 5.3 broker could not read either. */
    public static RecallHandle parse(String handle) {
        if (handle == null || handle.isBlank()) {
            throw new MQValidationException("recallHandle", handle, "must not be blank");
        }
        String text;
        try {
            text = new String(java.util.Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new MQValidationException("recallHandle", handle,
                    "must be a handle a broker returned (URL-safe Base64): " + notBase64.getMessage());
        }
        String[] parts = text.split(" ");
        if (parts.length < 5 || !VERSION.equals(parts[0])) {
            throw new MQValidationException("recallHandle", handle,
                    "must be a handle a broker returned (v1 topic broker time id), not '" + text + "'");
        }
        long due;
        try {
            due = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            due = -1; // the broker reads it the same way and answers "timestamp invalid"
        }
        return new RecallHandle(parts[1], parts[2], due, parts[4]);
    }
}
