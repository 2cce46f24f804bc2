package dev.mqtemplate.client.protocol;

import java.util.Map;

import io.netty.buffer.ByteBuf;

/**
 * A request's custom header that writes its extension fields straight into the frame, in either header form, instead
 * of going through a map of strings: the send path builds one per message, so it must cost next to nothing.
 *
 * <p>The three forms must agree: {@link #toMap()} gives the same fields, in the same order, as the two writers put
 * on the wire, and encoding the map through the codecs would give the same bytes. Implementations are immutable.
 */
public interface CustomHeader {

    /**
     * Writes the extension fields as a JSON object, braces included, escaped as {@link JsonOutput} does.
     */
    void writeJson(ByteBuf out);

    /**
     * Writes the entries of the binary header's extFields section (not its length), as {@link BinaryOutput} does.
     */
    void writeBinary(ByteBuf out);

    /**
     * The same fields as strings, in wire order; built on demand, for readers, logs and tests, never while encoding.
     */
    Map<String, String> toMap();
}
