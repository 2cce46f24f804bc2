/** A stub RocketMQ name server and broker in one loopback port, answering every send with success at once. */
package dev.mqtemplate.benchmark.stub;
