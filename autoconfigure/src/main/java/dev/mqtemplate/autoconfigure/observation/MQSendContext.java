package dev.mqtemplate.autoconfigure.observation;

import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.ReplyMessage;
import dev.mqtemplate.client.SendObserver;
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

    private final SendObserver.Kind kind;

    private SendResult result;

    private BatchSendResult batchResult;

    private ReplyMessage reply;

    private boolean ended;

    /** A single-message send. */
    public MQSendContext(MQMessage message, SendMode mode) {
        this(message, mode, SendObserver.Kind.SEND);
    }

    /**
     * @param message the message; for a batch, its first one
     * @param mode how it is sent
     * @param kind which operation it is
     */
    public MQSendContext(MQMessage message, SendMode mode, SendObserver.Kind kind) {
        super((carrier, key, value) -> {
            if (carrier != null && key != null && value != null) {
                carrier.put(key, value);
            }
        });
        this.message = message;
        this.mode = mode;
        this.kind = kind;
        setCarrier(new LinkedHashMap<>());
        setRemoteServiceName("RocketMQ");
    }

    /** The message as the caller gave it, before the trace properties are added; for a batch, its first one. */
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

    /** Which operation: a single send, a batch, a transactional half message or a request-reply call. */
    public SendObserver.Kind kind() {
        return kind;
    }

    /**
     * The result of an acknowledged single send or half message once it ended; null before, for one-way sends, for
     * the other kinds and for failures.
     */
    public SendResult result() {
        return result;
    }

    /** The result of a batch once it was stored; null otherwise. */
    public BatchSendResult batchResult() {
        return batchResult;
    }

    /** The reply of a request-reply call once it came; null otherwise. */
    public ReplyMessage reply() {
        return reply;
    }

    /** Whether the send has ended (stored, written or failed). */
    public boolean ended() {
        return ended;
    }

    void end(SendResult result) {
        this.result = result;
        this.ended = true;
    }

    void endBatch(BatchSendResult result) {
        this.batchResult = result;
        this.ended = true;
    }

    void endRequest(ReplyMessage reply) {
        this.reply = reply;
        this.ended = true;
    }
}
