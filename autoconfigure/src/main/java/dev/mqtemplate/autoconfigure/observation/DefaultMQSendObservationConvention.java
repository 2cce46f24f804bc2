package dev.mqtemplate.autoconfigure.observation;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of the {@code mq.send} observation.
 *
 * <p>Low cardinality: {@code mq.topic}; {@code mq.destination.kind} ({@code normal}, {@code ordered} for a sharding
 * key, fixed queue or selector, {@code delay} for a delay level, {@code timer} for a delivery time or delay);
 * {@code mq.send.mode} ({@code sync}, {@code async}, {@code oneway}); {@code mq.outcome} (the send status, as
 * {@code SEND_OK}, {@code WRITTEN} for a one-way send, or {@code NOT_SENT}, {@code REJECTED}, {@code UNKNOWN} after
 * the failures of those kinds). High cardinality: {@code mq.message.id} (the UNIQ_KEY, once known). The span is named
 * {@code <topic> send}.
 */
public class DefaultMQSendObservationConvention implements MQSendObservationConvention {

    /** The observation's name. */
    public static final String NAME = "mq.send";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(MQSendContext context) {
        return context.topic() + " send";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(MQSendContext context) {
        return KeyValues.of(KeyValue.of("mq.topic", context.topic()),
                KeyValue.of("mq.destination.kind", destinationKind(context.message())),
                KeyValue.of("mq.send.mode", context.mode().name().toLowerCase(java.util.Locale.ROOT)),
                KeyValue.of("mq.outcome", outcome(context)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MQSendContext context) {
        String id = messageId(context);
        return id == null ? KeyValues.empty() : KeyValues.of("mq.message.id", id);
    }

    /** How the message is routed or delivered; one word, from a fixed set. */
    protected String destinationKind(MQMessage message) {
        if (message == null) {
            return "normal";
        }
        if (message.isTimer()) {
            return "timer";
        }
        if (message.delayLevel() > 0) {
            return "delay";
        }
        return message.isOrdered() ? "ordered" : "normal";
    }

    /** The status of a stored message, WRITTEN for a one-way send, the kind of a failure; {@code none} before. */
    protected String outcome(MQSendContext context) {
        Throwable error = context.getError();
        if (error != null) {
            if (error instanceof MQOutcomeUnknownException) {
                return "UNKNOWN";
            }
            if (error instanceof MQBrokerRejectedException) {
                return "REJECTED";
            }
            return error instanceof MQNotSentException ? "NOT_SENT" : "ERROR";
        }
        if (context.result() != null) {
            return context.result().status().name();
        }
        return context.ended() ? "WRITTEN" : "none";
    }

    private static String messageId(MQSendContext context) {
        if (context.result() != null) {
            return context.result().msgId();
        }
        return context.getError() instanceof MQOutcomeUnknownException unknown ? unknown.messageId() : null;
    }
}
