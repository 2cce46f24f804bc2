/**
 * Topic routes: asking name servers (with fail-over) and caching what a producer needs, the writable master queues
 * of each topic and the address of each broker.
 */
package dev.mqtemplate.client.route;
