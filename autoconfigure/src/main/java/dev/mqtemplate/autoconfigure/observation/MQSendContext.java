package dev.mqtemplate.autoconfigure.observation;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.metrics.SendMode;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observation context of one send. Its carrier is the map of properties to add to the message: a tracing
 * propagator writes {@code traceparent} (and {@code tracestate}, baggage) into it when the observation starts, and
 * they are stored with the message as plain user properties, which a consumer reads back to continue the trace.
 */
public class MQSendContext extends SenderContext<Map<String, String>> {

    private final MQMessage message;

    private final SendMode mode;

    private SendResult result;

    private boolean ended;

    public MQSendContext(MQMessage message, SendMode mode) {
        super((carrier, key, value) -> {
            if (carrier != null && key != null && value != null) {
                carrier.put(key, value);
            }
        });
        this.message = message;
        this.mode = mode;
        setCarrier(new LinkedHashMap<>());
        setRemoteServiceName("RocketMQ");
    }

    /** The message as the caller gave it, before the trace properties are added. */
    public MQMessage message() {
        return message;
    }

    /** The topic, or {@code none} for a message without one (refused by validation). */
    public String topic() {
        return message == null || message.topic() == null ? "none" : message.topic();
    }

    public SendMode mode() {
        return mode;
    }

    /** The result of an acknowledged send once it ended; null before, for one-way sends and for failures. */
    public SendResult result() {
        return result;
    }

    /** Whether the send has ended (stored, written or failed). */
    public boolean ended() {
        return ended;
    }

    void end(SendResult result) {
        this.result = result;
        this.ended = true;
    }
}
