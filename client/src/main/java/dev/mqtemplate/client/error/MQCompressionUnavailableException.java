package dev.mqtemplate.client.error;

/**
 * The configured compression type needs a library that is not on the classpath. Thrown when the template is built,
 * before any send: nothing was sent. The fix is to add the artifact {@link #artifact()} names, or to choose another
 * type (zlib needs nothing).
 */
public class MQCompressionUnavailableException extends MQException {

    private static final long serialVersionUID = 1L;

    private final String compressionType;

    private final String artifact;

    public MQCompressionUnavailableException(String compressionType, String artifact, Throwable cause) {
        super("compression type " + compressionType + " needs " + artifact + " on the classpath: add that dependency "
                + "(the client declares it optional) or choose another compression type (ZLIB needs none)", cause);
        this.compressionType = compressionType;
        this.artifact = artifact;
    }

    /** The configured compression type, e.g. {@code LZ4}. */
    public String compressionType() {
        return compressionType;
    }

    /** The {@code groupId:artifactId} to add, e.g. {@code at.yawk.lz4:lz4-java}. */
    public String artifact() {
        return artifact;
    }

    /** Never: it is thrown before anything is sent. */
    @Override
    public boolean mayHaveBeenStored() {
        return false;
    }
}
