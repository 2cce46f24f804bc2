/**
 * The public face of the client: {@link dev.mqtemplate.client.MQTemplate}, the messages it sends and the results it
 * gives back.
 */
package dev.mqtemplate.client;
