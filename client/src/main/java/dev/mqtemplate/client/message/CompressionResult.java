package dev.mqtemplate.client.message;

/**
 * The body to put on the wire together with the sysFlag bits that describe it.
 *
 * @param body the bytes to send: the compressed body, or the caller's original array when not compressed (never copied)
 * @param sysFlagBits the bits to OR into the send header's sysFlag: {@link MessageSysFlag#COMPRESSED} and the
 *     codec's type bits, or 0
 */
public record CompressionResult(byte[] body, int sysFlagBits) {

    /** Whether {@code body} is compressed. */
    public boolean compressed() {
        return sysFlagBits != 0;
    }
}
