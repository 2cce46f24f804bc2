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

    /**
     * Reads a binary header; every readable byte of {@code header} belongs to it. The reader index is not moved.
     * @param body the frame's body, attached to the result as is; may be {@code null}
     * @throws ProtocolException if the header is truncated or a length is negative or runs past the header
     */
    public static RemotingCommand decode(ByteBuf header, byte[] body) {
        ByteBuf in = header.duplicate();
        int headerLength = in.readableBytes();
        if (headerLength < FIXED_FIELDS_LENGTH + 4) {
            throw new ProtocolException("binary header of " + headerLength + " bytes is truncated: the fixed fields"
                    + " and the remark length need " + (FIXED_FIELDS_LENGTH + 4));
        }
        int code = in.readShort();
        byte language = in.readByte();
        int version = in.readShort();
        int opaque = in.readInt();
        int flag = in.readInt();
        String remark = readString(in, in.readInt(), "remark");
        Map<String, String> extFields = readExtFields(in);
        return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields, body);
    }

    private static Map<String, String> readExtFields(ByteBuf in) {
        requireReadable(in, 4, "extFields length");
        int length = in.readInt();
        if (length < 0) {
            throw new ProtocolException("negative extFields length " + length + " in binary header");
        }
        if (length > in.readableBytes()) {
            throw new ProtocolException("extFields length " + length + " exceeds the " + in.readableBytes()
                    + " bytes left in the binary header");
        }
        if (length == 0) {
            return null;
        }
        // Entries may not run past the section, so read them from a view that ends where it does.
        ByteBuf section = in.readSlice(length);
        DecodedFields fields = new DecodedFields();
        while (section.isReadable()) {
            requireReadable(section, 2, "extFields key length");
            String key = readString(section, section.readShort(), "extFields key");
            requireReadable(section, 4, "extFields value length");
            String value = readString(section, section.readInt(), "extFields value");
            if (key != null && value != null) {
                fields.add(key, value);
            }
        }
        return fields;
    }

    private static String readString(ByteBuf in, int length, String what) {
        if (length < 0) {
            throw new ProtocolException("negative " + what + " length " + length + " in binary header");
        }
        if (length > in.readableBytes()) {
            throw new ProtocolException(what + " length " + length + " exceeds the " + in.readableBytes()
                    + " bytes left in the binary header");
        }
        if (length == 0) {
            return null;
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    private static void requireReadable(ByteBuf in, int needed, String what) {
        if (in.readableBytes() < needed) {
            throw new ProtocolException("binary header is truncated: " + what + " needs " + needed + " bytes, "
                    + in.readableBytes() + " left");
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
