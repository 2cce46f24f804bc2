/**
 * Micrometer metrics of the auto-configured template, when a {@code MeterRegistry} is present.
 */
package dev.mqtemplate.autoconfigure.metrics;
