package dev.mqtemplate.client.message;

import dev.mqtemplate.client.protocol.BodyWriter;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the body of a SEND_BATCH_MESSAGE request: one record per message, back to back. A record is its total
 * length (int32, these four bytes included), a magic code and a body CRC (both 0: the broker computes its own), the
 * user flag, the body length and body, then the properties length (int16) and the properties in UTF-8. The records
 * carry no topic or queue; the request header's apply to all of them, its sysFlag too: compressed bodies are all or
 * none.
 *
 * <p>The records are written straight into the request frame by a {@link BodyWriter}: each body is copied once, and
 * a batch costs no array of its own (that array was most of what a batched message allocated).
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
     * @param propertiesLength the UTF-8 length of {@code properties}
     * @param flag the user flag
     */
    public record Entry(byte[] body, String properties, int propertiesLength, int flag) {
    }

    /** The bytes one message takes in a batch: its record. */
    public static int recordLength(int bodyLength, int propertiesLength) {
        return RECORD_OVERHEAD + bodyLength + propertiesLength;
    }

    /** The length of the encoded batch, computed without encoding it. */
    public static long encodedLength(List<Entry> entries) {
        long length = 0;
        for (Entry entry : entries) {
            length += RECORD_OVERHEAD + entry.body().length + entry.propertiesLength();
        }
        return length;
    }

    /**
     * The batch body, as a writer of its records.
     * @param entries not copied: the caller hands the list over
     * @throws IllegalArgumentException if the batch is too long for one frame
     */
    public static BodyWriter writer(List<Entry> entries) {
        long length = encodedLength(entries);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + length + " bytes cannot be encoded");
        }
        return new Records(entries, (int) length);
    }

    private record Records(List<Entry> entries, int length) implements BodyWriter {

        @Override
        public void writeTo(ByteBuf out) {
            for (Entry entry : entries) {
                out.writeInt(RECORD_OVERHEAD + entry.body().length + entry.propertiesLength());
                out.writeInt(0); // magic code: not read by the broker
                out.writeInt(0); // body CRC: the broker computes its own
                out.writeInt(entry.flag());
                out.writeInt(entry.body().length);
                out.writeBytes(entry.body());
                out.writeShort(entry.propertiesLength());
                out.writeCharSequence(entry.properties(), StandardCharsets.UTF_8);
            }
        }
    }
}
