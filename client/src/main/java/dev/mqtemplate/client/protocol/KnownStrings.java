package dev.mqtemplate.client.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The extFields keys and values every broker answer repeats, as shared strings: header readers hand these out
 * instead of allocating a new string for each answer (a send answer's five keys and two of its values).
 */
final class KnownStrings {

    /** extFields keys of send and route answers. */
    static final String[] KEYS = {"msgId", "queueId", "queueOffset", "transactionId", "MSG_REGION", "TRACE_ON",
        "batchUniqId", "recallHandle", "topic"};

    static final byte[][] KEY_BYTES = asciiEach(KEYS);

    /** extFields values of send answers that repeat in every one (region, trace switch). */
    static final String[] VALUES = {"DefaultRegion", "true", "false"};

    static final byte[][] VALUE_BYTES = asciiEach(VALUES);

    /** The longest of {@link #VALUES}, in bytes. */
    static final int LONGEST_VALUE = 13;

    private KnownStrings() {
    }

    /**
     * The string among {@code texts} whose bytes are {@code bytes[from, from + length)}, or {@code null}.
     */
    static String known(byte[] bytes, int from, int length, String[] texts, byte[][] textBytes) {
        for (int i = 0; i < texts.length; i++) {
            if (equal(bytes, from, length, textBytes[i])) {
                return texts[i];
            }
        }
        return null;
    }

    private static boolean equal(byte[] bytes, int from, int length, byte[] text) {
        if (length != text.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[from + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] asciiEach(String[] texts) {
        byte[][] bytes = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            bytes[i] = texts[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
