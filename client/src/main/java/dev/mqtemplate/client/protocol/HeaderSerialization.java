package dev.mqtemplate.client.protocol;

/**
 * The two forms a command header takes on the wire, identified by the high byte of the frame's second int.
 */
public enum HeaderSerialization {

    /** UTF-8 JSON text; what brokers and the official client use by default. */
    JSON(0),

    /** RocketMQ's compact binary form (called "ROCKETMQ" by the official client). */
    BINARY(1);

    private final int wireType;

    HeaderSerialization(int wireType) {
        this.wireType = wireType;
    }

    /**
     * The value carried in the high byte of the header-length field.
     */
    public int wireType() {
        return this.wireType;
    }

    /**
     * The serialization for a wire type value.
     * @throws ProtocolException if the value is neither 0 (JSON) nor 1 (binary)
     */
    public static HeaderSerialization fromWireType(int wireType) {
        return switch (wireType) {
            case 0 -> JSON;
            case 1 -> BINARY;
            default -> throw new ProtocolException(
                    "unknown header serialization type " + wireType + " (expected 0 for JSON or 1 for binary)");
        };
    }
}
