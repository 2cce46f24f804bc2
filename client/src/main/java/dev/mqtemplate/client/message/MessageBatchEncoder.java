package dev.mqtemplate.client.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the body of a SEND_BATCH_MESSAGE request: one record per message, back to back. A record is its total
 * length (int32, these four bytes included), a magic code and a body CRC (both 0: the broker computes its own), the
 * user flag, the body length and body, then the properties length (int16) and the properties in UTF-8. The records
 * carry no topic or queue; the request header's apply to all of them. Batches are never compressed.
 */
public final class MessageBatchEncoder {

    /** Bytes of a record besides its body and properties. */
    static final int RECORD_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

    private MessageBatchEncoder() {
    }

    /**
     * One message of a batch as its record carries it.
     *
     * @param body the body, uncompressed
     * @param properties the encoded properties, its own UNIQ_KEY included
     * @param flag the user flag
     */
    public record Entry(byte[] body, String properties, int flag) {
    }

    /** The length of the encoded batch, computed without encoding it. */
    public static long encodedLength(List<Entry> entries) {
        long length = 0;
        for (Entry entry : entries) {
            length += RECORD_OVERHEAD + entry.body().length + MessageProperties.utf8Length(entry.properties());
        }
        return length;
    }

    /** The batch body. */
    public static byte[] encode(List<Entry> entries) {
        long length = encodedLength(entries);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + length + " bytes cannot be encoded");
        }
        ByteBuffer out = ByteBuffer.allocate((int) length);
        for (Entry entry : entries) {
            byte[] properties = entry.properties().getBytes(StandardCharsets.UTF_8);
            out.putInt(RECORD_OVERHEAD + entry.body().length + properties.length);
            out.putInt(0); // magic code: not read by the broker
            out.putInt(0); // body CRC: the broker computes its own
            out.putInt(entry.flag());
            out.putInt(entry.body().length);
            out.put(entry.body());
            out.putShort((short) properties.length);
            out.put(properties);
        }
        return out.array();
    }
}
