/** JMH micro-benchmarks of the send path's hot parts; run with {@code ./mvnw -pl benchmark exec:exec@jmh}. */
package dev.mqtemplate.benchmark.jmh;
