package dev.mqtemplate.autoconfigure.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Whether sends are observed, bound from {@code mq.template.*}. */
@ConfigurationProperties("mq.template")
public class MQObservationProperties {

    /**
     * Whether each single-message send runs in an "mq.send" Micrometer Observation (tracing; with a tracer, the W3C
     * traceparent is written into the message properties). Off by default, like Spring Kafka's template.
     */
    private boolean observationEnabled;

    public boolean isObservationEnabled() {
        return observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }
}
