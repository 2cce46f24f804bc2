package dev.mqtemplate.client.route;

import dev.mqtemplate.client.error.MQNotSentException;

/**
 * A name server answered that it knows no route for the topic.
 */
public class TopicNotFoundException extends MQNotSentException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public TopicNotFoundException(String topic, String nameServer, String remark) {
        super("no route for topic '" + topic + "' on name server " + nameServer
                + (remark == null ? "" : " (" + remark + ")"), nameServer, null);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
