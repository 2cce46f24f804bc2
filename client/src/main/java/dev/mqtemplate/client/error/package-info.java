/**
 * The exceptions of the send path, one type per outcome kind: not sent (validation, no route, connect failure,
 * closed template), rejected by the broker, and outcome unknown. A leaf package every layer may throw from.
 */
package dev.mqtemplate.client.error;
