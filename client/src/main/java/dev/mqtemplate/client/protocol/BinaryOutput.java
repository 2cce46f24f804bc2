package dev.mqtemplate.client.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes extFields entries of the binary header (int16 key length, key, int32 value length, value, UTF-8) straight
 * into a {@link ByteBuf}, byte for byte as {@link BinaryHeaderCodec} writes them from a map, with keys prepared once.
 * Thread-safe (stateless).
 */
public final class BinaryOutput {

    private BinaryOutput() {
    }

    /**
     * The bytes of a key as an entry starts with them: int16 length, then UTF-8, for constants computed once.
     * @throws IllegalArgumentException if the key is longer than the int16 length allows
     */
    public static byte[] key(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("extFields key of " + utf8.length + " UTF-8 bytes does not fit"
                    + " the binary header's int16 length");
        }
        byte[] bytes = new byte[2 + utf8.length];
        bytes[0] = (byte) (utf8.length >>> 8);
        bytes[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, bytes, 2, utf8.length);
        return bytes;
    }

    /**
     * A whole entry with a constant value, for constants computed once.
     */
    public static byte[] entry(String key, String value) {
        byte[] keyBytes = key(key);
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[keyBytes.length + 4 + valueBytes.length];
        System.arraycopy(keyBytes, 0, bytes, 0, keyBytes.length);
        int length = valueBytes.length;
        bytes[keyBytes.length] = (byte) (length >>> 24);
        bytes[keyBytes.length + 1] = (byte) (length >>> 16);
        bytes[keyBytes.length + 2] = (byte) (length >>> 8);
        bytes[keyBytes.length + 3] = (byte) length;
        System.arraycopy(valueBytes, 0, bytes, keyBytes.length + 4, valueBytes.length);
        return bytes;
    }

    /**
     * Writes an entry whose value is a string; an empty one gets length 0, as the format wants.
     * @param key from {@link #key(String)}
     */
    public static void writeEntry(ByteBuf out, byte[] key, String value) {
        out.writeBytes(key);
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        // Patched afterwards: one pass over the string instead of measuring it first.
        int written = ByteBufUtil.writeUtf8(out, value);
        out.setInt(lengthIndex, written);
    }

    /**
     * Writes an entry whose value is the decimal text of a number.
     * @param key from {@link #key(String)}
     */
    public static void writeEntry(ByteBuf out, byte[] key, long value) {
        out.writeBytes(key);
        out.writeInt(JsonOutput.decimalLength(value));
        JsonOutput.writeDecimal(out, value);
    }
}
