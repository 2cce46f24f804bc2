package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Writes JSON strings and numbers straight into a {@link ByteBuf}, byte for byte as {@link JsonHeaderCodec}'s
 * Jackson settings used to: UTF-8, no whitespace, {@code '/'} unescaped, characters outside the BMP as 4-byte
 * UTF-8. Escaped are the quote and the backslash, backspace, tab, newline, form feed and carriage return by their
 * short escapes, the other control characters by a backslash, {@code u} and four upper-case hex digits, and an
 * unpaired surrogate the same way, since it has no UTF-8 form.
 *
 * <p>Exists so a send request's header needs no generator, stream or per-field string. Thread-safe (stateless).
 */
public final class JsonOutput {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    private static final byte[] LONG_MIN_DIGITS = {'9', '2', '2', '3', '3', '7', '2', '0', '3', '6', '8', '5', '4',
        '7', '7', '5', '8', '0', '8'};

    /** Per ASCII character: 0 to write it as is, the letter after the backslash, or {@code 'u'} for a hex escape. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private JsonOutput() {
    }

    /**
     * Writes {@code value} as a quoted, escaped JSON string.
     */
    public static void writeString(ByteBuf out, CharSequence value) {
        out.writeByte('"');
        int length = value.length();
        int runStart = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (ESCAPES[c] == 0) {
                    continue;
                }
            }
            else if (!Character.isSurrogate(c)) {
                continue;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                // A whole pair stays in the run: Netty's UTF-8 writer turns it into one 4-byte sequence.
                i++;
                continue;
            }
            // Runs of plain characters go out in one call, which is what keeps long property strings cheap.
            writeRun(out, value, runStart, i);
            writeEscape(out, c);
            runStart = i + 1;
        }
        writeRun(out, value, runStart, length);
        out.writeByte('"');
    }

    /**
     * Writes {@code value} in decimal ASCII digits, as a JSON number (or, between quotes, as the text of one).
     */
    public static void writeDecimal(ByteBuf out, long value) {
        if (value < 0) {
            out.writeByte('-');
            if (value == Long.MIN_VALUE) {
                out.writeBytes(LONG_MIN_DIGITS);
                return;
            }
            value = -value;
        }
        int digits = digitCount(value);
        out.ensureWritable(digits);
        int end = out.writerIndex() + digits;
        int index = end;
        do {
            out.setByte(--index, '0' + (int) (value % 10));
            value /= 10;
        }
        while (value != 0);
        out.writerIndex(end);
    }

    /**
     * Number of bytes {@link #writeDecimal} writes for {@code value}.
     */
    public static int decimalLength(long value) {
        if (value < 0) {
            return (value == Long.MIN_VALUE) ? 1 + LONG_MIN_DIGITS.length : 1 + digitCount(-value);
        }
        return digitCount(value);
    }

    /**
     * The bytes {@link #writeString} writes for {@code value}, for constants computed once.
     */
    public static byte[] quoted(String value) {
        ByteBuf buf = Unpooled.buffer(value.length() + 2);
        try {
            writeString(buf, value);
            return ByteBufUtil.getBytes(buf);
        }
        finally {
            buf.release();
        }
    }

    private static int digitCount(long nonNegative) {
        int digits = 1;
        long bound = 10;
        // 19 digits is the most a positive long has; stop before the bound overflows.
        while (digits < 19 && nonNegative >= bound) {
            digits++;
            bound *= 10;
        }
        return digits;
    }

    private static void writeRun(ByteBuf out, CharSequence value, int start, int end) {
        if (start < end) {
            ByteBufUtil.writeUtf8(out, value, start, end);
        }
    }

    private static void writeEscape(ByteBuf out, char c) {
        byte letter = (c < 0x80) ? ESCAPES[c] : (byte) 'u';
        out.writeByte('\\');
        out.writeByte(letter);
        if (letter == 'u') {
            out.writeByte(HEX[(c >> 12) & 0xF]);
            out.writeByte(HEX[(c >> 8) & 0xF]);
            out.writeByte(HEX[(c >> 4) & 0xF]);
            out.writeByte(HEX[c & 0xF]);
        }
    }
}
