/** The benchmark child JVM that drives the official Apache RocketMQ producer; never on mqtemplate's classpath. */
package dev.mqtemplate.benchmark.official;
