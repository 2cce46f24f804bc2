/**
 * Spring messaging on top of the client (only with spring-messaging): {@link dev.mqtemplate.autoconfigure.messaging.MQMessagingTemplate}
 * converts payloads and Spring {@code Message<?>}s into RocketMQ messages, headers into properties.
 */
package dev.mqtemplate.autoconfigure.messaging;
