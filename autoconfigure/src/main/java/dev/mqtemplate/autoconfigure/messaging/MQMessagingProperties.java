package dev.mqtemplate.autoconfigure.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@link MQMessagingTemplate}, bound from {@code mq.template.*}.
 */
@ConfigurationProperties("mq.template")
public class MQMessagingProperties {

    /**
     * Destination, 'topic' or 'topic:tags', of the MQMessagingTemplate sends that name none (convertAndSend(Object),
     * send(Message)).
     */
    private String defaultDestination;

    public String getDefaultDestination() {
        return defaultDestination;
    }

    public void setDefaultDestination(String defaultDestination) {
        this.defaultDestination = defaultDestination;
    }
}
