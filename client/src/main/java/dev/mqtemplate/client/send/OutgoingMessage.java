package dev.mqtemplate.client.send;

import dev.mqtemplate.client.protocol.BodyWriter;

/**
 * A validated message ready for the wire: its id (UNIQ_KEY, kept across retries), the encoded properties string (id,
 * tags, keys and user properties included), the body as sent (compressed or not) and the sysFlag that says so. A
 * batch is one outgoing message too: its body is a writer of the encoded messages, and its id lists theirs.
 *
 * @param topic the topic
 * @param messageId the UNIQ_KEY; for a batch, the UNIQ_KEYs of its messages joined by {@code ,}
 * @param properties the encoded properties string; for a batch, the batch-level properties
 * @param propertiesLength UTF-8 length of the properties string; for a batch, the longest a stored message of the
 *     batch will carry (its own and the batch-level ones)
 * @param body the body as written to the wire; {@code null} for a batch
 * @param sysFlag the sysFlag (compression and transaction bits)
 * @param flag the user flag
 * @param originalBodySize the body size before compression
 * @param batchBody for a batch (SEND_BATCH_MESSAGE), the writer of its records straight into the request frame;
 *     {@code null} for a single message
 * @param delayLevel the delay level (its DELAY property is in {@code properties}); 0 for none, always for a batch
 */
public record OutgoingMessage(String topic, String messageId, String properties, int propertiesLength, byte[] body,
        int sysFlag, int flag, int originalBodySize, BodyWriter batchBody, int delayLevel) {

    /** A single message without delay. */
    public OutgoingMessage(String topic, String messageId, String properties, int propertiesLength, byte[] body,
            int sysFlag, int flag, int originalBodySize) {
        this(topic, messageId, properties, propertiesLength, body, sysFlag, flag, originalBodySize, null, 0);
    }

    /** A single message ({@code batchBody} null) or a batch, without delay. */
    public OutgoingMessage(String topic, String messageId, String properties, int propertiesLength, byte[] body,
            int sysFlag, int flag, int originalBodySize, BodyWriter batchBody) {
        this(topic, messageId, properties, propertiesLength, body, sysFlag, flag, originalBodySize, batchBody, 0);
    }

    /** Whether this is a batch (SEND_BATCH_MESSAGE). */
    public boolean batch() {
        return batchBody != null;
    }

    /** Bytes of the body on the wire. */
    public int bodyLength() {
        return batchBody != null ? batchBody.length() : body.length;
    }

    /** Whether the body goes out compressed. */
    public boolean compressed() {
        return (sysFlag & dev.mqtemplate.client.message.MessageSysFlag.COMPRESSED) != 0;
    }
}
