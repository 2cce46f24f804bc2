package dev.mqtemplate.client.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Reads the JSON headers brokers and name servers actually send, without a parser object per frame: one flat object,
 * integer fields, string extFields, ASCII text. Anything outside that (non-ASCII text, a number given as a string,
 * nested values in unknown fields, malformed input) makes it give up, and {@link JsonHeaderCodec} reads the header
 * with Jackson instead, which also produces the errors. For what it accepts, the result equals Jackson's.
 */
final class JsonHeaderReader {

    /** Thrown to give up; shared and without a stack trace, since giving up is an answer, not an error. */
    private static final RuntimeException GIVE_UP = new RuntimeException("not a plain header", null, false, false) {
    };

    private static final byte[] CODE = ascii(JsonHeaderCodec.CODE);

    private static final byte[] EXT_FIELDS = ascii(JsonHeaderCodec.EXT_FIELDS);

    private static final byte[] FLAG = ascii(JsonHeaderCodec.FLAG);

    private static final byte[] LANGUAGE = ascii(JsonHeaderCodec.LANGUAGE);

    private static final byte[] OPAQUE = ascii(JsonHeaderCodec.OPAQUE);

    private static final byte[] REMARK = ascii(JsonHeaderCodec.REMARK);

    private static final byte[] VERSION = ascii(JsonHeaderCodec.VERSION);

    private static final byte[] JAVA = ascii("JAVA");

    /** extFields keys and values every answer repeats: shared, not allocated for every frame. */
    private static final String[] KNOWN_KEYS = KnownStrings.KEYS;

    private static final byte[][] KNOWN_KEY_BYTES = KnownStrings.KEY_BYTES;

    private static final String[] KNOWN_VALUES = KnownStrings.VALUES;

    private static final byte[][] KNOWN_VALUE_BYTES = KnownStrings.VALUE_BYTES;

    private static final int LONGEST_KNOWN_VALUE = KnownStrings.LONGEST_VALUE;

    /** Scratch space for headers not backed by an array (direct buffers): one bulk copy instead of checked reads. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

    /** The header's bytes: byte {@code i} of the buffer is {@code bytes[i + shift]}. */
    private final byte[] bytes;

    private final int shift;

    private final int end;

    private int pos;

    private JsonHeaderReader(ByteBuf in, int index, int length) {
        this.pos = index;
        this.end = index + length;
        if (in.hasArray()) {
            this.bytes = in.array();
            this.shift = in.arrayOffset();
        } else {
            // Each ByteBuf.getByte checks bounds and liveness: on a direct buffer that is most of the reading time.
            byte[] scratch = SCRATCH.get();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
                SCRATCH.set(scratch);
            }
            in.getBytes(pos, scratch, 0, length);
            this.bytes = scratch;
            this.shift = -pos;
        }
    }

    /** Byte {@code index} of the header; past its end the header is truncated, and Jackson decides. */
    private byte byteAt(int index) {
        if (index >= end) {
            throw GIVE_UP;
        }
        return bytes[index + shift];
    }

    private String asciiString(int start, int length) {
        return new String(bytes, start + shift, length, StandardCharsets.US_ASCII);
    }

    /**
     * The command in {@code header}, or {@code null} if the header is not in the plain form this reader handles.
     */
    static RemotingCommand tryRead(ByteBuf header, byte[] body) {
        return tryRead(header, header.readerIndex(), header.readableBytes(), body);
    }

    /** Like {@link #tryRead(ByteBuf, byte[])} for the {@code length} bytes at {@code index}; indexes left alone. */
    static RemotingCommand tryRead(ByteBuf buffer, int index, int length, byte[] body) {
        try {
            return new JsonHeaderReader(buffer, index, length).read(body);
        }
        catch (RuntimeException giveUp) {
            // GIVE_UP, or an index past the end on truncated input: either way Jackson decides
            return null;
        }
    }

    private RemotingCommand read(byte[] body) {
        int code = 0;
        byte language = LanguageCode.JAVA;
        int version = 0;
        int opaque = 0;
        int flag = 0;
        String remark = null;
        DecodedFields extFields = null;
        expect('{');
        if (peek() == '}') {
            pos++;
        }
        else {
            do {
                int nameStart = plainStringStart();
                int nameEnd = plainStringEnd(nameStart);
                expect(':');
                if (is(nameStart, nameEnd, CODE)) {
                    code = readInt();
                }
                else if (is(nameStart, nameEnd, EXT_FIELDS)) {
                    extFields = readExtFields();
                }
                else if (is(nameStart, nameEnd, FLAG)) {
                    flag = readInt();
                }
                else if (is(nameStart, nameEnd, LANGUAGE)) {
                    language = readLanguage();
                }
                else if (is(nameStart, nameEnd, OPAQUE)) {
                    opaque = readInt();
                }
                else if (is(nameStart, nameEnd, REMARK)) {
                    remark = readNullableString();
                }
                else if (is(nameStart, nameEnd, VERSION)) {
                    version = readInt();
                }
                else {
                    skipScalar();
                }
            }
            while (nextMember());
        }
        skipWhitespace();
        if (pos != end) {
            throw GIVE_UP;
        }
        return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields, body);
    }

    /** After a member: true on a comma, false on the closing brace. */
    private boolean nextMember() {
        byte next = peek();
        pos++;
        if (next == ',') {
            return true;
        }
        if (next == '}') {
            return false;
        }
        throw GIVE_UP;
    }

    private DecodedFields readExtFields() {
        expect('{');
        DecodedFields fields = new DecodedFields();
        if (peek() == '}') {
            pos++;
            return fields;
        }
        do {
            String key = readKey();
            expect(':');
            if (peek() != '"') {
                throw GIVE_UP;
            }
            fields.add(key, readValue());
        }
        while (nextMember());
        return fields;
    }

    private String readKey() {
        int start = plainStringStart();
        int stop = plainStringEnd(start);
        String known = known(start, stop, KNOWN_KEYS, KNOWN_KEY_BYTES);
        return known != null ? known : asciiString(start, stop - start);
    }

    /** An extFields value; the few values every answer repeats are shared constants rather than new strings. */
    private String readValue() {
        int start = pos + 1; // the caller has seen the opening quote
        int limit = Math.min(end, start + LONGEST_KNOWN_VALUE + 1);
        for (int stop = start; stop < limit; stop++) {
            byte b = byteAt(stop);
            if (b == '"') {
                String known = known(start, stop, KNOWN_VALUES, KNOWN_VALUE_BYTES);
                if (known != null) {
                    pos = stop + 1;
                    return known;
                }
                break;
            }
            if (b == '\\') {
                break;
            }
        }
        return readString();
    }

    /** The constant among {@code texts} whose bytes the header holds from {@code start} to {@code stop}, or null. */
    private String known(int start, int stop, String[] texts, byte[][] textBytes) {
        for (int i = 0; i < texts.length; i++) {
            if (is(start, stop, textBytes[i])) {
                return texts[i];
            }
        }
        return null;
    }

    private int readInt() {
        skipWhitespace();
        boolean negative = false;
        if (byteAt(pos) == '-') {
            negative = true;
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (pos < end) {
            byte b = byteAt(pos);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            pos++;
            // leading zeros, fractions, exponents and values beyond int are Jackson's to judge
            if (++digits > 10 || (digits == 2 && value < 10)) {
                throw GIVE_UP;
            }
        }
        if (digits == 0) {
            throw GIVE_UP;
        }
        value = negative ? -value : value;
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw GIVE_UP;
        }
        byte next = peek();
        if (next != ',' && next != '}') {
            throw GIVE_UP;
        }
        return (int) value;
    }

    private byte readLanguage() {
        if (peek() != '"') {
            throw GIVE_UP;
        }
        int start = plainStringStart();
        int stop = plainStringEnd(start);
        return is(start, stop, JAVA) ? LanguageCode.JAVA
                : LanguageCode.fromName(asciiString(start, stop - start));
    }

    private String readNullableString() {
        if (peek() == 'n') {
            expectLiteral("null");
            return null;
        }
        return readString();
    }

    /** Skips an unknown member's value: a string, true, false or null; numbers and nested values give up. */
    private void skipScalar() {
        switch (peek()) {
            case '"' -> skipString();
            case 't' -> expectLiteral("true");
            case 'f' -> expectLiteral("false");
            case 'n' -> expectLiteral("null");
            default -> throw GIVE_UP;
        }
    }

    /** Moves past a string value, checking it as {@link #readString} does, without building it. */
    private void skipString() {
        expect('"');
        while (true) {
            if (pos >= end) {
                throw GIVE_UP;
            }
            byte b = byteAt(pos);
            if (b == '"') {
                pos++;
                return;
            }
            if (b < 0x20) {
                throw GIVE_UP;
            }
            pos++;
            if (b == '\\') {
                // validates the escape the way reading would, so both accept the same headers
                unescape();
            }
        }
    }

    /** A string value, with escapes; only printable ASCII is read here. */
    private String readString() {
        int start = plainStringStart();
        StringBuilder escaped = null;
        int runStart = start;
        while (true) {
            if (pos >= end) {
                throw GIVE_UP;
            }
            byte b = byteAt(pos);
            if (b == '"') {
                break;
            }
            if (b < 0x20) {
                // control characters must be escaped, and bytes of 0x80 and above are negative: non-ASCII text
                throw GIVE_UP;
            }
            if (b == '\\') {
                if (escaped == null) {
                    escaped = new StringBuilder(pos - start + 16);
                }
                appendAscii(escaped, runStart, pos);
                pos++;
                escaped.append(unescape());
                runStart = pos;
                continue;
            }
            pos++;
        }
        int stop = pos;
        pos++;
        if (escaped == null) {
            return asciiString(start, stop - start);
        }
        appendAscii(escaped, runStart, stop);
        return escaped.toString();
    }

    /** The character of the escape after a backslash; moves past it. */
    private char unescape() {
        if (pos + 5 > end && (pos >= end || byteAt(pos) == 'u')) {
            throw GIVE_UP;
        }
        byte letter = byteAt(pos++);
        return switch (letter) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    value = (value << 4) | hexDigit(byteAt(pos++));
                }
                yield (char) value;
            }
            default -> throw GIVE_UP;
        };
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw GIVE_UP;
    }

    private void appendAscii(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) {
            text.append((char) byteAt(i));
        }
    }

    /** Moves past the opening quote of a string and returns where its content starts. */
    private int plainStringStart() {
        expect('"');
        return pos;
    }

    /** Finds the closing quote of a string without escapes or non-ASCII, moves past it, returns its index. */
    private int plainStringEnd(int start) {
        for (int i = start; i < end; i++) {
            byte b = byteAt(i);
            if (b == '"') {
                pos = i + 1;
                return i;
            }
            if (b == '\\' || b < 0x20) {
                throw GIVE_UP;
            }
        }
        throw GIVE_UP;
    }

    private boolean is(int start, int stop, byte[] name) {
        if (stop - start != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (byteAt(start + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw GIVE_UP;
        }
        pos++;
    }

    private void expectLiteral(String literal) {
        if (pos + literal.length() > end) {
            throw GIVE_UP;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (byteAt(pos++) != literal.charAt(i)) {
                throw GIVE_UP;
            }
        }
    }

    /** The next byte that is not whitespace, without moving past it. */
    private byte peek() {
        skipWhitespace();
        if (pos >= end) {
            throw GIVE_UP;
        }
        return byteAt(pos);
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = byteAt(pos);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            pos++;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
