package dev.mqtemplate.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code mq.send} observation. Declare a bean of this type to replace
 * {@link DefaultMQSendObservationConvention} (or extend it to add keys).
 */
public interface MQSendObservationConvention extends ObservationConvention<MQSendContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MQSendContext;
    }
}
