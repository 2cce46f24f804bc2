package dev.mqtemplate.autoconfigure.observation;

import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.ReplyMessage;
import dev.mqtemplate.client.SendObserver;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.metrics.SendMode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Runs each send (single, batch, transactional half message, request-reply call) in an {@code mq.send}
 * {@link Observation}. The observation starts before the message is prepared,
 * as a child of the caller's current observation; the tracing handler then writes the trace context into the
 * context's carrier, and those properties go out with a copy of the message. It stops with the send's outcome, on
 * the thread that completes the send.
 */
public class ObservingSendObserver implements SendObserver {

    private static final MQSendObservationConvention DEFAULT_CONVENTION = new DefaultMQSendObservationConvention();

    private final ObservationRegistry registry;

    private final MQSendObservationConvention convention;

    /**
     * @param registry where observations go
     * @param convention the user's convention, or null for {@link DefaultMQSendObservationConvention}
     */
    public ObservingSendObserver(ObservationRegistry registry, MQSendObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public ObservedSend start(MQMessage message, SendMode mode, Kind kind) {
        MQSendContext context = new MQSendContext(message, mode, kind);
        Observation observation = Observation.createNotStarted(convention, DEFAULT_CONVENTION, () -> context,
                registry).start();
        return new ObservedSend() {

            @Override
            public MQMessage message(MQMessage original) {
                // a null message goes on as it is, to be refused by validation like any other
                return original == null || context.getCarrier().isEmpty() ? original
                        : original.withProperties(context.getCarrier());
            }

            @Override
            public void stop(SendResult result, Throwable error) {
                context.end(result);
                stopWith(error);
            }

            @Override
            public void stopBatch(BatchSendResult result, Throwable error) {
                context.endBatch(result);
                stopWith(error);
            }

            @Override
            public void stopRequest(ReplyMessage reply, Throwable error) {
                context.endRequest(reply);
                stopWith(error);
            }

            private void stopWith(Throwable error) {
                if (error != null) {
                    observation.error(error);
                }
                observation.stop();
            }
        };
    }
}
