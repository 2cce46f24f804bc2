package dev.mqtemplate.client.protocol;

import java.io.OutputStream;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The JSON header encoder as it was before it was written by hand: Jackson's generator with the same settings. Kept
 * in the tests as the reference the hand-written {@link JsonHeaderCodec#encode} and {@link JsonOutput} must match
 * byte for byte.
 */
final class JacksonHeaderEncoder {

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .build();

    private JacksonHeaderEncoder() {
    }

    static void encode(RemotingCommand command, ByteBuf out) {
        OutputStream stream = new ByteBufOutputStream(out);
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), stream, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            generator.writeNumberProperty(JsonHeaderCodec.CODE, command.code());
            generator.writeName(JsonHeaderCodec.EXT_FIELDS);
            generator.writeStartObject();
            for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                generator.writeStringProperty(field.getKey(), field.getValue());
            }
            generator.writeEndObject();
            generator.writeNumberProperty(JsonHeaderCodec.FLAG, command.flag());
            String language = LanguageCode.name(command.language());
            if (language != null) {
                generator.writeStringProperty(JsonHeaderCodec.LANGUAGE, language);
            }
            else {
                generator.writeNumberProperty(JsonHeaderCodec.LANGUAGE, command.language());
            }
            generator.writeNumberProperty(JsonHeaderCodec.OPAQUE, command.opaque());
            if (command.remark() != null) {
                generator.writeStringProperty(JsonHeaderCodec.REMARK, command.remark());
            }
            generator.writeStringProperty(JsonHeaderCodec.SERIALIZE_TYPE, "JSON");
            generator.writeNumberProperty(JsonHeaderCodec.VERSION, command.version());
            generator.writeEndObject();
        }
    }

    /** The bytes of one JSON string value as Jackson writes it, quotes included. */
    static byte[] string(String value) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), bytes, JsonEncoding.UTF8)) {
            generator.writeString(value);
        }
        return bytes.toByteArray();
    }
}
