/**
 * The message on the wire, apart from the transport: properties string, sysFlag bits, body compression and UNIQ_KEY ids.
 */
package dev.mqtemplate.client.message;
