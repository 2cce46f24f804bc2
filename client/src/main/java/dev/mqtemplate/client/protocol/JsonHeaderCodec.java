package dev.mqtemplate.client.protocol;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * Writes the JSON form of a command header (serialization type 0) by hand and reads it with Jackson's streaming API.
 *
 * <p>Encoding writes the fields in alphabetical order, as the official client does. {@code extFields} is always
 * written, as {@code {}} when empty: the official client sends {@code {}} for headers without fields, and some
 * server code (request signing) iterates the map without a null check. {@code remark} is omitted when null.
 *
 * <p>Decoding is lenient where the official (fastjson) reader is: numeric fields may be JSON numbers or strings,
 * unknown fields are skipped, a missing field keeps its default (0, or JAVA for the language), {@code extFields}
 * may be absent or null, and its number and boolean values become their text while null values are dropped.
 * Thread-safe: the Jackson factory is shared and each call uses its own parser.
 */
public final class JsonHeaderCodec {

    static final String CODE = "code";

    static final String EXT_FIELDS = "extFields";

    static final String FLAG = "flag";

    static final String LANGUAGE = "language";

    static final String OPAQUE = "opaque";

    static final String REMARK = "remark";

    static final String SERIALIZE_TYPE = "serializeTypeCurrentRPC";

    static final String VERSION = "version";

    private static final String SERIALIZE_TYPE_JSON = "JSON";

    // Used for reading only; encoding writes by hand what Jackson wrote with these settings. Jackson 3 escapes '/'
    // by default; fastjson does not, and the unescaped form is shorter and easier to read. Combining surrogates
    // keeps characters outside the BMP as valid 4-byte UTF-8 rather than CESU-8.
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .build();

    private static final byte[] CODE_PREFIX = ascii("{\"" + CODE + "\":");

    private static final byte[] EXT_FIELDS_PREFIX = ascii(",\"" + EXT_FIELDS + "\":");

    private static final byte[] FLAG_PREFIX = ascii(",\"" + FLAG + "\":");

    private static final byte[] LANGUAGE_PREFIX = ascii(",\"" + LANGUAGE + "\":");

    private static final byte[] OPAQUE_PREFIX = ascii(",\"" + OPAQUE + "\":");

    private static final byte[] REMARK_PREFIX = ascii(",\"" + REMARK + "\":");

    private static final byte[] SERIALIZE_TYPE_AND_VERSION_PREFIX = ascii(",\"" + SERIALIZE_TYPE + "\":\""
            + SERIALIZE_TYPE_JSON + "\",\"" + VERSION + "\":");

    private JsonHeaderCodec() {
    }

    /**
     * Writes the JSON header of {@code command} (not its body) at the writer index of {@code out}.
     */
    public static void encode(RemotingCommand command, ByteBuf out) {
        encode(command, command.opaque(), out);
    }

    /**
     * Writes the JSON header of {@code command} with {@code opaque} in place of its own (not its body) at the writer
     * index of {@code out}.
     */
    static void encode(RemotingCommand command, int opaque, ByteBuf out) {
        // Written by hand rather than with a generator: the header is sent with every request, and the fixed parts
        // are constant bytes. The output is what Jackson wrote with FACTORY's settings (the tests compare both).
        out.writeBytes(CODE_PREFIX);
        JsonOutput.writeDecimal(out, command.code());
        out.writeBytes(EXT_FIELDS_PREFIX);
        CustomHeader header = command.customHeader();
        if (header != null) {
            header.writeJson(out);
        }
        else {
            writeFields(command.extFields(), out);
        }
        out.writeBytes(FLAG_PREFIX);
        JsonOutput.writeDecimal(out, command.flag());
        out.writeBytes(LANGUAGE_PREFIX);
        String language = LanguageCode.name(command.language());
        if (language != null) {
            JsonOutput.writeString(out, language);
        }
        else {
            // No name to write; the official reader maps a number to the enum constant with that ordinal,
            // and ordinals equal the codes.
            JsonOutput.writeDecimal(out, command.language());
        }
        out.writeBytes(OPAQUE_PREFIX);
        JsonOutput.writeDecimal(out, opaque);
        if (command.remark() != null) {
            out.writeBytes(REMARK_PREFIX);
            JsonOutput.writeString(out, command.remark());
        }
        out.writeBytes(SERIALIZE_TYPE_AND_VERSION_PREFIX);
        JsonOutput.writeDecimal(out, command.version());
        out.writeByte('}');
    }

    private static void writeFields(Map<String, String> fields, ByteBuf out) {
        out.writeByte('{');
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!first) {
                out.writeByte(',');
            }
            first = false;
            JsonOutput.writeString(out, field.getKey());
            out.writeByte(':');
            JsonOutput.writeString(out, field.getValue());
        }
        out.writeByte('}');
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a JSON header; every readable byte of {@code header} belongs to it. The reader index is not moved.
     * @param body the frame's body, attached to the result as is; may be {@code null}
     * @throws ProtocolException if the header is not valid JSON, not an object, or has a field of the wrong type
     */
    public static RemotingCommand decode(ByteBuf header, byte[] body) {
        return decode(header, header.readerIndex(), header.readableBytes(), body);
    }

    /** Reads the JSON header in the {@code length} bytes at {@code index} of {@code buffer}; see above. */
    static RemotingCommand decode(ByteBuf buffer, int index, int length, byte[] body) {
        // Every send gets an answer: the usual plain header is read without a parser object; Jackson reads the rest.
        RemotingCommand plain = JsonHeaderReader.tryRead(buffer, index, length, body);
        return (plain != null) ? plain : decodeWithJackson(buffer.slice(index, length), body);
    }

    /** {@link #decode} without the plain-header shortcut; for headers the shortcut does not take, and for tests. */
    static RemotingCommand decodeWithJackson(ByteBuf header, byte[] body) {
        try (JsonParser parser = createParser(header)) {
            return read(parser, body);
        }
        catch (JacksonException ex) {
            throw new ProtocolException("invalid JSON header: " + ex.getOriginalMessage(), ex);
        }
    }

    private static JsonParser createParser(ByteBuf header) {
        if (header.hasArray()) {
            return FACTORY.createParser(ObjectReadContext.empty(), header.array(),
                    header.arrayOffset() + header.readerIndex(), header.readableBytes());
        }
        InputStream stream = new ByteBufInputStream(header.duplicate());
        return FACTORY.createParser(ObjectReadContext.empty(), stream);
    }

    private static RemotingCommand read(JsonParser parser, byte[] body) {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new ProtocolException("JSON header is not an object: it starts with " + describe(first));
        }
        int code = 0;
        byte language = LanguageCode.JAVA;
        int version = 0;
        int opaque = 0;
        int flag = 0;
        String remark = null;
        Map<String, String> extFields = null;
        String name;
        while ((name = parser.nextName()) != null) {
            parser.nextToken();
            switch (name) {
                case CODE -> code = readInt(parser, name);
                case LANGUAGE -> language = readLanguage(parser);
                case VERSION -> version = readInt(parser, name);
                case OPAQUE -> opaque = readInt(parser, name);
                case FLAG -> flag = readInt(parser, name);
                case REMARK -> remark = readString(parser, name);
                case EXT_FIELDS -> extFields = readExtFields(parser);
                default -> parser.skipChildren();
            }
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new ProtocolException("JSON header has content after its closing brace: " + describe(trailing));
        }
        return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields, body);
    }

    private static int readInt(JsonParser parser, String name) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getString().trim();
            try {
                return Integer.parseInt(text);
            }
            catch (NumberFormatException ex) {
                throw new ProtocolException("JSON header field '" + name + "' is not an int: \"" + text + "\"");
            }
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw new ProtocolException("JSON header field '" + name + "' must be an int, found " + describe(token));
    }

    private static byte readLanguage(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return LanguageCode.fromName(parser.getString());
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            int value = parser.getIntValue();
            return (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) ? (byte) value : LanguageCode.OTHER;
        }
        if (token == JsonToken.VALUE_NULL) {
            return LanguageCode.JAVA;
        }
        throw new ProtocolException("JSON header field 'language' must be a string, found " + describe(token));
    }

    private static String readString(JsonParser parser, String name) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return parser.getString();
        }
        throw new ProtocolException("JSON header field '" + name + "' must be a string, found " + describe(token));
    }

    private static Map<String, String> readExtFields(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new ProtocolException("JSON header field 'extFields' must be an object, found " + describe(token));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String key;
        while ((key = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            if (!value.isScalarValue()) {
                throw new ProtocolException(
                        "extFields value of '" + key + "' must be a string, found " + describe(value));
            }
            // getString gives the text of numbers and booleans too, as the official reader's coercion does.
            fields.put(key, parser.getString());
        }
        return fields;
    }

    private static String describe(JsonToken token) {
        return (token != null) ? token.name() : "end of input";
    }
}
