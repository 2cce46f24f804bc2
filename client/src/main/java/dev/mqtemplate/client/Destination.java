package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQValidationException;

/**
 * A destination as {@code RocketMQTemplate} users write it: {@code topic}, or {@code topic:tags}. The string is split
 * at its first colon, so tags may themselves hold colons. Every destination-taking send reads it by this one rule.
 *
 * @param topic the topic
 * @param tags the tags, or {@code null} when the destination names none
 */
public record Destination(String topic, String tags) {

    /**
     * Reads a destination string.
     *
     * @throws MQValidationException when the destination is null or blank
     */
    public static Destination parse(String destination) {
        if (destination == null || destination.isBlank()) {
            throw new MQValidationException("destination", destination, "must be 'topic' or 'topic:tags'");
        }
        int colon = destination.indexOf(':');
        return colon < 0 ? new Destination(destination, null)
                : new Destination(destination.substring(0, colon), destination.substring(colon + 1));
    }

    /** Starts a message to this topic, with these tags when the destination names them. */
    public MQMessage.Builder messageBuilder() {
        MQMessage.Builder builder = MQMessage.builder(topic);
        return tags == null ? builder : builder.tags(tags);
    }
}
