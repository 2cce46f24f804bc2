/**
 * A small listener for send, compression and route events ({@link dev.mqtemplate.client.metrics.SendMetrics}, a
 * no-op by default) and its Micrometer implementation, the only code of the client that imports Micrometer.
 */
package dev.mqtemplate.client.metrics;
