/**
 * Spring Boot auto-configuration of {@link dev.mqtemplate.client.MQTemplate} and its parts, from {@code mq.*}
 * properties.
 */
package dev.mqtemplate.autoconfigure;
