package dev.mqtemplate.client;

import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.BrokerHealth;
import dev.mqtemplate.client.transport.ChannelPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A read-only view of a template's state, for health checks, gauges and tests. Live: every call reads the state as it
 * is now. It gives no way to change anything, so handing it out cannot break the template.
 */
public final class ClientStatus {

    private final RouteCache routes;

    private final ChannelPool channels;

    private final BrokerHealth health;

    private final IntSupplier inFlight;

    ClientStatus(RouteCache routes, ChannelPool channels, BrokerHealth health, IntSupplier inFlight) {
        this.routes = routes;
        this.channels = channels;
        this.health = health;
        this.inFlight = inFlight;
    }

    /** The name-server addresses, in the configured order. */
    public List<String> nameServers() {
        return routes.nameServerLookup().addresses();
    }

    /** Topics with a cached route. */
    public Set<String> cachedTopics() {
        return routes.topics();
    }

    /** Master address by broker name, for every broker seen in a route. */
    public Map<String, String> knownBrokers() {
        return routes.knownBrokers();
    }

    /** Open connections by address (brokers and name servers), for every address connected to so far. */
    public Map<String, Integer> openConnections() {
        Map<String, Integer> open = new LinkedHashMap<>();
        for (String address : channels.addresses()) {
            open.put(address, channels.openConnections(address));
        }
        return open;
    }

    /** Open connections to one address. */
    public int openConnections(String address) {
        return channels.openConnections(address);
    }

    /** Brokers that fault avoidance skips right now. */
    public Set<String> isolatedBrokers() {
        return health.isolatedBrokers();
    }

    /** Sends (async and blocking) that have not completed yet. */
    public int sendsInFlight() {
        return inFlight.getAsInt();
    }

    /** Route requests made to name servers so far. */
    public long routeLookups() {
        return routes.nameServerLookup().lookupCount();
    }
}
