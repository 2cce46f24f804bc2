/**
 * JMH micro-benchmarks of the send path's hot parts (encoder, decoder, compressor, ids, metrics); run with
 * {@code ./mvnw -pl benchmark exec:exec@jmh}.
 */
package dev.mqtemplate.benchmark.jmh;
