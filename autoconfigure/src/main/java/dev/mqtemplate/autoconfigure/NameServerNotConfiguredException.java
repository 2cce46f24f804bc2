package dev.mqtemplate.autoconfigure;

/**
 * Thrown at startup when the starter is present but no name server is configured; turned into a readable report by
 * {@link NameServerNotConfiguredFailureAnalyzer}.
 */
public class NameServerNotConfiguredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NameServerNotConfiguredException() {
        super("mq.name-server is not set");
    }
}
