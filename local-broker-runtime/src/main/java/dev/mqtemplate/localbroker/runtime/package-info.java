/**
 * Code that runs inside the child JVMs started by local-broker, against Apache RocketMQ 5.3.3: a parent-watching
 * launcher, a loopback-only HA service, a readiness probe and a read-back consumer.
 */
package dev.mqtemplate.localbroker.runtime;
