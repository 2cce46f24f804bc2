package dev.mqtemplate.client.send;

/**
 * A validated message ready for the wire: its id (UNIQ_KEY, kept across retries), the encoded properties string (id,
 * tags, keys and user properties included), the body as sent (compressed or not) and the sysFlag that says so.
 *
 * @param topic the topic
 * @param messageId the UNIQ_KEY
 * @param properties the encoded properties string
 * @param propertiesLength UTF-8 length of the properties string
 * @param body the body as written to the wire
 * @param sysFlag the sysFlag (compression and transaction bits)
 * @param flag the user flag
 * @param originalBodySize the body size before compression
 */
public record OutgoingMessage(String topic, String messageId, String properties, int propertiesLength, byte[] body,
        int sysFlag, int flag,
        int originalBodySize) {

    /** Whether the body goes out compressed. */
    public boolean compressed() {
        return (sysFlag & dev.mqtemplate.client.message.MessageSysFlag.COMPRESSED) != 0;
    }
}
