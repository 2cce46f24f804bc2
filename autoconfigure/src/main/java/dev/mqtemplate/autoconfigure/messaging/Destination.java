package dev.mqtemplate.autoconfigure.messaging;

import dev.mqtemplate.client.error.MQValidationException;

/**
 * A destination as {@code RocketMQTemplate} users write it, {@code topic} or {@code topic:tags}, read by the rule
 * {@code MQTemplate.send(String, byte[])} applies: split at the first colon.
 *
 * @param topic the topic
 * @param tags the tags, or {@code null} when the destination names none
 */
record Destination(String topic, String tags) {

    static Destination parse(String destination) {
        if (destination == null || destination.isBlank()) {
            throw new MQValidationException("destination", destination, "must be 'topic' or 'topic:tags'");
        }
        int colon = destination.indexOf(':');
        return colon < 0 ? new Destination(destination, null)
                : new Destination(destination.substring(0, colon), destination.substring(colon + 1));
    }
}
