package dev.mqtemplate.client;

import dev.mqtemplate.client.error.Failures;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.route.TopicNotFoundException;
import dev.mqtemplate.client.send.BrokerHealth;
import dev.mqtemplate.client.transport.ChannelPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A read-only view of a template's state, for health checks, gauges and tests. Live: every call reads the state as it
 * is now. It gives no way to change what the template routes or sends, so handing it out cannot break it.
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

    /**
     * Asks the name servers for the auto-create template topic's route, as a health check: completes once one
     * answers (with a route, or that it has none), fails with the lookup's
     * {@link dev.mqtemplate.client.error.MQException} when none does.
     */
    public CompletableFuture<Void> checkNameServers() {
        return routes.nameServerLookup().lookup(RouteCache.DEFAULT_TOPIC).handle((route, error) -> {
            Throwable cause = Failures.unwrap(error);
            if (cause == null || cause instanceof TopicNotFoundException) {
                return null; // a name server answered: it just has no template topic
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
    }

    /**
     * Tells {@code listener} the address of every connection opened from now on (for per-address gauges). Called on
     * an I/O thread: it must be quick; what it throws is logged and ignored.
     */
    public void onNewConnection(Consumer<String> listener) {
        channels.onConnected(listener);
    }

    /** Route requests made to name servers so far. */
    public long routeLookups() {
        return routes.nameServerLookup().lookupCount();
    }
}
