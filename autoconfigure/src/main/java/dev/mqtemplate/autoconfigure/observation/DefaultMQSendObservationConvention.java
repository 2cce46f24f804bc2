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
 * <p>Low cardinality: {@code mq.topic}; {@code mq.operation} ({@code send}, {@code batch}, {@code transactional} for
 * the half message of a transactional send, {@code request} for a request-reply call); {@code mq.destination.kind}
 * ({@code normal}, {@code ordered} for a sharding key, fixed queue or selector, {@code delay} for a delay level,
 * {@code timer} for a delivery time or delay; of the first message of a batch); {@code mq.send.mode} ({@code sync},
 * {@code async}, {@code oneway}); {@code mq.outcome} (the send status, as {@code SEND_OK}, for a batch the first
 * status other than {@code SEND_OK} if any, {@code WRITTEN} for a one-way send, {@code REPLIED} for a request
 * answered, or {@code NOT_SENT}, {@code REJECTED}, {@code UNKNOWN} after the failures of those kinds). High
 * cardinality: {@code mq.message.id} (the UNIQ_KEY, once known), {@code mq.correlation.id} for a request answered,
 * {@code mq.batch.size} for a batch stored. The span is named {@code <topic> send}.
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
                KeyValue.of("mq.operation", context.kind().tag()),
                KeyValue.of("mq.destination.kind", destinationKind(context.message())),
                KeyValue.of("mq.send.mode", context.mode().name().toLowerCase(java.util.Locale.ROOT)),
                KeyValue.of("mq.outcome", outcome(context)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MQSendContext context) {
        KeyValues keys = KeyValues.empty();
        if (context.batchResult() != null) {
            keys = keys.and("mq.batch.size", Integer.toString(context.batchResult().results().size()));
        }
        if (context.reply() != null) {
            keys = keys.and("mq.correlation.id", context.reply().correlationId());
        }
        String id = messageId(context);
        return id == null ? keys : keys.and("mq.message.id", id);
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
        if (context.batchResult() != null) {
            return context.batchResult().results().stream().map(result -> result.status().name())
                    .filter(status -> !status.equals("SEND_OK")).findFirst().orElse("SEND_OK");
        }
        if (context.reply() != null) {
            return "REPLIED";
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
