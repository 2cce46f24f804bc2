/**
 * A real Apache RocketMQ 5.3.3 NameServer and Brokers on 127.0.0.1, in child JVMs, for tests, the sample and the
 * benchmark; plus a read-back of what the broker stored, through the official consumer.
 */
package dev.mqtemplate.localbroker;
