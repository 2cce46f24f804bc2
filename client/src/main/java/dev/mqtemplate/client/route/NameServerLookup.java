package dev.mqtemplate.client.route;

import dev.mqtemplate.client.error.Failures;
import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQTlsException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.transport.ChannelPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks name servers for a topic's route (GET_ROUTEINFO_BY_TOPIC). Starts with the name server that answered last
 * and moves to the next one on a connect failure, a timeout or an error answer, so a dead or hung name server costs
 * at most one lookup timeout while a live one exists. A name server that does not know the topic is not the last
 * word either: one just restarted knows no topic until its brokers register again, so the others are asked too, and
 * the topic is "not found" only when no name server that answered has it. Thread-safe.
 */
public class NameServerLookup {

    /** Default time one name server gets to answer a route request. */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(3);

    private static final String TOPIC = "topic";

    private static final String ACCEPT_STANDARD_JSON_ONLY = "acceptStandardJsonOnly";

    private final List<String> addresses;

    private final ChannelPool channelPool;

    private final long timeoutMillis;

    private final AtomicInteger preferred;

    private final AtomicLong lookups = new AtomicLong();

    private final SendMetrics metrics;

    /** Turns the topic asked about into the name the brokers registered it under. */
    private final Namespace namespace;

    /**
     * @param nameServers addresses separated by {@code ;} (or {@code ,}), each {@code host:port}
     * @param channelPool the connections to use
     * @param lookupTimeout time each name server gets to answer
     * @throws MQValidationException when the list is empty or an address is not host:port
     */
    public NameServerLookup(String nameServers, ChannelPool channelPool, Duration lookupTimeout) {
        this(nameServers, channelPool, lookupTimeout, SendMetrics.NONE);
    }

    /** As {@link #NameServerLookup(String, ChannelPool, Duration)}, reporting each lookup to {@code metrics}. */
    public NameServerLookup(String nameServers, ChannelPool channelPool, Duration lookupTimeout, SendMetrics metrics) {
        this(nameServers, channelPool, lookupTimeout, metrics, Namespace.NONE);
    }

    /**
     * As {@link #NameServerLookup(String, ChannelPool, Duration, SendMetrics)}, asking for topics in
     * {@code namespace}: callers, metrics and errors name the user's topic, the request the stored one.
     */
    public NameServerLookup(String nameServers, ChannelPool channelPool, Duration lookupTimeout, SendMetrics metrics,
            Namespace namespace) {
        this.namespace = java.util.Objects.requireNonNull(namespace, "namespace");
        this.metrics = metrics;
        this.addresses = parseAddresses(nameServers);
        this.channelPool = channelPool;
        this.timeoutMillis = lookupTimeout.toMillis();
        // the list order is the user's preference: start with the first, stay with whichever answered last
        this.preferred = new AtomicInteger();
    }

    /** Checks a name-server list and returns its addresses; refuses empty lists and entries that are not host:port. */
    public static List<String> parseAddresses(String nameServers) {
        if (nameServers == null || nameServers.isBlank()) {
            throw new MQValidationException("name server address", nameServers,
                    "must list at least one host:port, separated by ';'");
        }
        List<String> parsed = new ArrayList<>();
        for (String entry : nameServers.split("[;,]")) {
            String address = entry.trim();
            if (address.isEmpty()) {
                continue;
            }
            int colon = address.lastIndexOf(':');
            String port = colon < 0 ? "" : address.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new MQValidationException("name server address", address, "must be host:port with a port in 1..65535");
            }
            parsed.add(address);
        }
        if (parsed.isEmpty()) {
            throw new MQValidationException("name server address", nameServers, "must list at least one host:port");
        }
        return List.copyOf(parsed);
    }

    /** The namespace topics are looked up in. */
    public Namespace namespace() {
        return namespace;
    }

    /** A name server's remark, plus the name it was asked for when a namespace made that differ from the user's. */
    String withNamespace(String remark, String topic) {
        if (!namespace.isSet()) {
            return remark;
        }
        return remark == null || remark.isBlank() ? namespace.storedAs(topic)
                : remark + "; " + namespace.storedAs(topic);
    }

    public List<String> addresses() {
        return addresses;
    }

    /** Number of route requests made so far (each name server asked counts once). */
    public long lookupCount() {
        return lookups.get();
    }

    /**
     * The route of a topic. Fails with {@link TopicNotFoundException} when a name server says it has none, and with
     * {@link MQNotSentException} naming every name server tried when none answered.
     */
    public CompletableFuture<TopicRoute> lookup(String topic) {
        CompletableFuture<TopicRoute> result = new CompletableFuture<>();
        attempt(topic, preferred.get(), 0, new Attempts(), result);
        return result;
    }

    /** What one lookup learned from the name servers it asked so far. */
    private static final class Attempts {

        final List<String> failures = new ArrayList<>();

        /** The first name server that said it does not know the topic, and what it said. */
        TopicNotFoundException notFound;

        /** The first TLS failure, if a name server could not be reached for a TLS reason. */
        MQTlsException tls;
    }

    private void attempt(String topic, int index, int tried, Attempts attempts, CompletableFuture<TopicRoute> result) {
        List<String> failures = attempts.failures;
        if (tried == addresses.size()) {
            if (attempts.notFound != null) {
                result.completeExceptionally(attempts.notFound);
                return;
            }
            String message = "no name server answered the route request for topic '" + topic + "'"
                    + namespace.describe(topic) + ": "
                    + String.join("; ", failures);
            String lastAddress = addresses.get(Math.floorMod(index - 1, addresses.size()));
            // a TLS mismatch is a setting to fix, not an outage: keep its type so the caller can tell
            result.completeExceptionally(attempts.tls != null
                    ? new MQTlsException(message, attempts.tls.address(), attempts.tls)
                    : new MQNotSentException(message, lastAddress, null));
            return;
        }
        int slot = Math.floorMod(index, addresses.size());
        String address = addresses.get(slot);
        lookups.incrementAndGet();
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                Map.of(TOPIC, namespace.wrap(topic), ACCEPT_STANDARD_JSON_ONLY, "true"), null);
        channelPool.acquire(address)
                .thenCompose(connection -> connection.request(request, timeoutMillis))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        Throwable cause = Failures.unwrap(error);
                        if (cause instanceof MQClosedException closed) {
                            result.completeExceptionally(closed);
                            return;
                        }
                        metrics.routeLookup(topic, "error");
                        if (attempts.tls == null) {
                            attempts.tls = MQTlsException.findIn(cause);
                        }
                        failures.add(address + ": " + cause.getMessage());
                        attempt(topic, slot + 1, tried + 1, attempts, result);
                    } else if (response.code() == ResponseCode.SUCCESS) {
                        try {
                            TopicRoute route = TopicRoute.parse(response.body());
                            preferred.set(slot);
                            metrics.routeLookup(topic, "success");
                            result.complete(route);
                        } catch (IllegalArgumentException malformed) {
                            metrics.routeLookup(topic, "error");
                            failures.add(address + ": " + malformed.getMessage());
                            attempt(topic, slot + 1, tried + 1, attempts, result);
                        }
                    } else if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
                        metrics.routeLookup(topic, "not_found");
                        if (attempts.notFound == null) {
                            attempts.notFound = new TopicNotFoundException(topic, address,
                                    withNamespace(response.remark(), topic));
                        }
                        attempt(topic, slot + 1, tried + 1, attempts, result);
                    } else {
                        metrics.routeLookup(topic, "error");
                        failures.add(address + ": " + ResponseCode.name(response.code()) + " " + response.remark());
                        attempt(topic, slot + 1, tried + 1, attempts, result);
                    }
                });
    }
}
