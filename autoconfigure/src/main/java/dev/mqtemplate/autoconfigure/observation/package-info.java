/**
 * The {@code mq.send} Micrometer {@code Observation} around each single-message send (on with
 * {@code mq.template.observation-enabled}): tracing, and the W3C trace context written into message properties.
 */
package dev.mqtemplate.autoconfigure.observation;
