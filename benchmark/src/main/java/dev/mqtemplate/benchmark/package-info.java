/** The side-by-side benchmark of mqtemplate against the official RocketMQ producer: orchestrator, child, report. */
package dev.mqtemplate.benchmark;
