package dev.mqtemplate.client.message;

/**
 * The body to put on the wire together with the sysFlag bits that describe it.
 *
 * @param body the bytes to send: the compressed body, or the caller's original array when not compressed (never copied)
 * @param compressed whether {@code body} is zlib-compressed
 */
public record CompressionResult(byte[] body, boolean compressed) {

    /** The bits to OR into the send header's sysFlag: {@code COMPRESSED | COMPRESSION_ZLIB}, or 0. */
    public int sysFlagBits() {
        return compressed ? MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZLIB : 0;
    }
}
