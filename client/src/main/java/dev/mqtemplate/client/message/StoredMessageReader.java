package dev.mqtemplate.client.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a message as the broker stores and sends it whole (the body of a CHECK_TRANSACTION_STATE): the fixed fields,
 * then body, topic and properties. Only what a transaction check needs is kept.
 *
 * @param topic the message's topic (the real one, not the half-message topic)
 * @param properties its properties
 * @param body its body, decompressed (by the codec its sysFlag names) if it was stored compressed
 * @param bornTimestamp when its producer sent it, in epoch milliseconds
 */
public record StoredMessageReader(String topic, Map<String, String> properties, byte[] body, long bornTimestamp) {

    private static final int MAGIC_V2 = 0xDAA320AB;

    private static final int BORN_HOST_V6 = 0x10;

    private static final int STORE_HOST_V6 = 0x20;

    /**
     * Decodes a stored message.
     *
     * @throws IllegalArgumentException if the bytes are not a whole stored message
     */
    public static StoredMessageReader read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.getInt(); // total size
            int magic = in.getInt();
            in.getInt(); // body CRC
            in.getInt(); // queue id
            in.getInt(); // flag
            in.getLong(); // queue offset
            in.getLong(); // physical offset
            int sysFlag = in.getInt();
            long bornTimestamp = in.getLong();
            skip(in, ((sysFlag & BORN_HOST_V6) != 0 ? 16 : 4) + 4);
            in.getLong(); // store timestamp
            skip(in, ((sysFlag & STORE_HOST_V6) != 0 ? 16 : 4) + 4);
            in.getInt(); // reconsume times
            in.getLong(); // prepared transaction offset
            byte[] body = new byte[in.getInt()];
            in.get(body);
            int topicLength = magic == MAGIC_V2 ? in.getShort() & 0xFFFF : in.get() & 0xFF;
            byte[] topic = new byte[topicLength];
            in.get(topic);
            byte[] properties = new byte[in.getShort() & 0xFFFF];
            in.get(properties);
            boolean compressed = (sysFlag & MessageSysFlag.COMPRESSED) != 0;
            return new StoredMessageReader(new String(topic, StandardCharsets.UTF_8),
                    MessageProperties.decode(new String(properties, StandardCharsets.UTF_8)),
                    compressed ? BodyCompressor.decompress(body, sysFlag) : body, bornTimestamp);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored message of " + bytes.length + " bytes: " + e, e);
        }
    }

    private static void skip(ByteBuffer in, int bytes) {
        in.position(in.position() + bytes);
    }
}
