package dev.mqtemplate.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a missing {@code mq.name-server} in the startup failure report, with what to set.
 */
class NameServerNotConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<NameServerNotConfiguredException> {

    static final String DESCRIPTION = "mqtemplate needs to know where the RocketMQ name servers are, "
            + "but 'mq.name-server' is not set.";

    static final String ACTION = "Set 'mq.name-server' to the name server addresses, host:port separated by ';' "
            + "(for example 'mq.name-server: 127.0.0.1:9876' in application.yml, or the MQ_NAME_SERVER environment "
            + "variable), or define an MQConnectionDetails bean.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NameServerNotConfiguredException cause) {
        return new FailureAnalysis(DESCRIPTION, ACTION, cause);
    }
}
