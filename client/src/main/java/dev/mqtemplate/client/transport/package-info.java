/**
 * Long-lived Netty connections per address, the in-flight request table keyed by opaque id, per-request timeouts,
 * reconnect and orderly close.
 */
package dev.mqtemplate.client.transport;
