package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.error.MQCompressionUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@code mq.compression.type} whose codec library is not on the classpath, with the dependency to add.
 */
class CompressionUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<MQCompressionUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MQCompressionUnavailableException cause) {
        String[] coordinates = cause.artifact().split(":", 2);
        return new FailureAnalysis("'mq.compression.type' is " + cause.compressionType() + ", but its library "
                + cause.artifact() + " is not on the classpath.",
                "Add the dependency " + cause.artifact() + " (groupId " + coordinates[0] + ", artifactId "
                        + coordinates[1] + "), or set 'mq.compression.type' to zlib, which needs none.", cause);
    }
}
