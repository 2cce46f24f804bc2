/**
 * The send path below the face: request encoding, queue selection with broker fault avoidance, the retry rule,
 * heartbeats.
 */
package dev.mqtemplate.client.send;
