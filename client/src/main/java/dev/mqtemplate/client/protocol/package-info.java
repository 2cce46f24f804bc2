/**
 * The RocketMQ remoting wire format: {@link dev.mqtemplate.client.protocol.RemotingCommand}, its codes, the JSON and
 * binary header codecs, and the Netty frame encoder and decoder.
 */
package dev.mqtemplate.client.protocol;
