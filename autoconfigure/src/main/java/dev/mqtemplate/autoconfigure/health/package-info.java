/**
 * The {@code mq} Actuator health indicator.
 */
package dev.mqtemplate.autoconfigure.health;
