/**
 * Test support for applications that use mqtemplate: {@link dev.mqtemplate.test.LocalRocketMQTest} runs a
 * {@code @SpringBootTest} against a real local RocketMQ, {@link dev.mqtemplate.test.TopicMessages} reads back what it
 * stored.
 */
package dev.mqtemplate.test;
