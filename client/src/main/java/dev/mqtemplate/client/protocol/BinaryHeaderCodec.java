package dev.mqtemplate.client.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes and reads RocketMQ's compact binary command header (serialization type 1, "ROCKETMQ").
 *
 * <p>Layout, big-endian: int16 code, byte language, int16 version, int32 opaque, int32 flag, int32 remark length and
 * UTF-8 remark, int32 extFields length and that many bytes of entries, each int16 key length, UTF-8 key, int32 value
 * length, UTF-8 value.
 *
 * <p>The format cannot tell an empty string from an absent one: a length of 0 means null. So an empty remark
 * decodes as {@code null}, and an extFields entry with an empty key or value is skipped on decoding (the official
 * reader would store a null, which our map does not allow). A key that repeats keeps its last value, as with the
 * official reader. Bytes left in the header after the extFields section are ignored. Thread-safe (stateless).
 */
public final class BinaryHeaderCodec {

    /** Bytes before the remark: code, language, version, opaque, flag. */
    private static final int FIXED_FIELDS_LENGTH = 2 + 1 + 2 + 4 + 4;

    private BinaryHeaderCodec() {
    }

    /**
     * Writes the binary header of {@code command} (not its body) at the writer index of {@code out}.
     * @throws IllegalArgumentException if the code or version does not fit the format's int16, or a key is longer
     * than 32767 UTF-8 bytes
     */
    public static void encode(RemotingCommand command, ByteBuf out) {
        encode(command, command.opaque(), out);
    }

    /** Writes the binary header of {@code command} with {@code opaque} in place of its own; see above. */
    static void encode(RemotingCommand command, int opaque, ByteBuf out) {
        out.writeShort(toShort(command.code(), "code"));
        out.writeByte(command.language());
        out.writeShort(toShort(command.version(), "version"));
        out.writeInt(opaque);
        out.writeInt(command.flag());
        writeIntLengthString(command.remark(), out);
        int extFieldsLengthIndex = out.writerIndex();
        out.writeInt(0);
        CustomHeader header = command.customHeader();
        if (header != null) {
            header.writeBinary(out);
        }
        else {
            writeFields(command.extFields(), out);
        }
        // Patched afterwards so the entries are encoded once, without measuring them first.
        out.setInt(extFieldsLengthIndex, out.writerIndex() - extFieldsLengthIndex - 4);
    }

    private static void writeFields(Map<String, String> fields, ByteBuf out) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String key = field.getKey();
            int keyLength = ByteBufUtil.utf8Bytes(key);
            if (keyLength > Short.MAX_VALUE) {
                throw new IllegalArgumentException("extFields key of " + keyLength + " UTF-8 bytes does not fit"
                        + " the binary header's int16 length");
            }
            out.writeShort(keyLength);
            ByteBufUtil.writeUtf8(out, key);
            writeIntLengthString(field.getValue(), out);
        }
    }

    /** Scratch space for headers in direct buffers: one bulk copy, then plain array reads. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

    /**
     * Reads a binary header; every readable byte of {@code header} belongs to it. The reader index is not moved.
     * @param body the frame's body, attached to the result as is; may be {@code null}
     * @throws ProtocolException if the header is truncated or a length is negative or runs past the header
     */
    public static RemotingCommand decode(ByteBuf header, byte[] body) {
        int headerLength = header.readableBytes();
        if (headerLength < FIXED_FIELDS_LENGTH + 4) {
            throw new ProtocolException("binary header of " + headerLength + " bytes is truncated: the fixed fields"
                    + " and the remark length need " + (FIXED_FIELDS_LENGTH + 4));
        }
        // Each ByteBuf read checks bounds and liveness, and toString decodes through a buffer of its own: reading a
        // copy in an array costs a third of the garbage and much of the time.
        Reader in;
        if (header.hasArray()) {
            in = new Reader(header.array(), header.arrayOffset() + header.readerIndex(), headerLength);
        } else {
            byte[] scratch = SCRATCH.get();
            if (scratch.length < headerLength) {
                scratch = new byte[Math.max(headerLength, scratch.length * 2)];
                SCRATCH.set(scratch);
            }
            header.getBytes(header.readerIndex(), scratch, 0, headerLength);
            in = new Reader(scratch, 0, headerLength);
        }
        int code = in.readShort();
        byte language = in.readByte();
        int version = in.readShort();
        int opaque = in.readInt();
        int flag = in.readInt();
        String remark = in.readString(in.readInt(), "remark", null, null);
        Map<String, String> extFields = readExtFields(in);
        return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields, body);
    }

    private static Map<String, String> readExtFields(Reader in) {
        in.require(4, "extFields length");
        int length = in.readInt();
        if (length < 0) {
            throw new ProtocolException("negative extFields length " + length + " in binary header");
        }
        if (length > in.remaining()) {
            throw new ProtocolException("extFields length " + length + " exceeds the " + in.remaining()
                    + " bytes left in the binary header");
        }
        if (length == 0) {
            return null;
        }
        // Entries may not run past the section, so read them from a view that ends where it does.
        Reader section = in.section(length);
        DecodedFields fields = new DecodedFields();
        while (section.remaining() > 0) {
            section.require(2, "extFields key length");
            String key = section.readString(section.readShort(), "extFields key", KnownStrings.KEYS,
                    KnownStrings.KEY_BYTES);
            section.require(4, "extFields value length");
            String value = section.readString(section.readInt(), "extFields value", KnownStrings.VALUES,
                    KnownStrings.VALUE_BYTES);
            if (key != null && value != null) {
                fields.add(key, value);
            }
        }
        return fields;
    }

    /** Big-endian reads from an array, checked against the end of the header or section. */
    private static final class Reader {

        private final byte[] bytes;

        private final int end;

        private int pos;

        Reader(byte[] bytes, int from, int length) {
            this.bytes = bytes;
            this.pos = from;
            this.end = from + length;
        }

        int remaining() {
            return end - pos;
        }

        void require(int needed, String what) {
            if (remaining() < needed) {
                throw new ProtocolException("binary header is truncated: " + what + " needs " + needed + " bytes, "
                        + remaining() + " left");
            }
        }

        byte readByte() {
            return bytes[pos++];
        }

        short readShort() {
            short value = (short) (((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF));
            pos += 2;
            return value;
        }

        int readInt() {
            int value = ((bytes[pos] & 0xFF) << 24) | ((bytes[pos + 1] & 0xFF) << 16) | ((bytes[pos + 2] & 0xFF) << 8)
                    | (bytes[pos + 3] & 0xFF);
            pos += 4;
            return value;
        }

        /** The next {@code length} bytes as a reader of their own; this one moves past them. */
        Reader section(int length) {
            Reader section = new Reader(bytes, pos, length);
            pos += length;
            return section;
        }

        /**
         * A UTF-8 string of {@code length} bytes, {@code null} when empty; one of {@code known} when it is one of
         * them. Plain ASCII is read without a decoder.
         */
        String readString(int length, String what, String[] known, byte[][] knownBytes) {
            if (length < 0) {
                throw new ProtocolException("negative " + what + " length " + length + " in binary header");
            }
            if (length > remaining()) {
                throw new ProtocolException(what + " length " + length + " exceeds the " + remaining()
                        + " bytes left in the binary header");
            }
            if (length == 0) {
                return null;
            }
            int from = pos;
            pos += length;
            if (known != null) {
                String shared = KnownStrings.known(bytes, from, length, known, knownBytes);
                if (shared != null) {
                    return shared;
                }
            }
            for (int i = from; i < pos; i++) {
                if (bytes[i] < 0) {
                    return new String(bytes, from, length, StandardCharsets.UTF_8);
                }
            }
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static void writeIntLengthString(String value, ByteBuf out) {
        if (value == null || value.isEmpty()) {
            out.writeInt(0);
            return;
        }
        out.writeInt(ByteBufUtil.utf8Bytes(value));
        ByteBufUtil.writeUtf8(out, value);
    }

    private static int toShort(int value, String field) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException(field + " " + value + " does not fit the binary header's int16");
        }
        return value;
    }
}
