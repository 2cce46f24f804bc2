package dev.mqtemplate.client.route;

import static dev.mqtemplate.client.error.Failures.unwrap;

import dev.mqtemplate.client.error.MQNotSentException;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Topic to publish info, fetched from the name servers on first use and refreshed in the background. A refresh that
 * fails keeps the cached route, so sends on known topics go on while every name server is down. A topic the name
 * servers do not know is served from the auto-create template topic ({@value #DEFAULT_TOPIC}) as the official
 * producer does, and looked up again at each refresh. Thread-safe.
 */
public class RouteCache implements AutoCloseable {

    /** The template topic brokers create unknown topics from. */
    public static final String DEFAULT_TOPIC = "TBW102";

    /** Queues per broker a topic auto-created from the template gets. */
    public static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

    private final NameServerLookup lookup;

    private final Map<String, CompletableFuture<TopicPublishInfo>> routes = new ConcurrentHashMap<>();

    private final Map<String, String> brokerAddresses = new ConcurrentHashMap<>();

    private final ScheduledFuture<?> refreshTask;

    public RouteCache(NameServerLookup lookup, EventLoopGroup scheduler, Duration refreshInterval) {
        this.lookup = lookup;
        long period = refreshInterval.toMillis();
        this.refreshTask = scheduler.next().scheduleAtFixedRate(this::refreshAll, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The publish info of a topic: from the cache when present, otherwise from the name servers (concurrent callers
     * share one lookup). Fails with {@link MQNotSentException} when no route can be had.
     */
    public CompletableFuture<TopicPublishInfo> publishInfo(String topic) {
        CompletableFuture<TopicPublishInfo> cached = routes.get(topic);
        if (cached != null && !cached.isCompletedExceptionally()) {
            return cached;
        }
        CompletableFuture<TopicPublishInfo> loading = new CompletableFuture<>();
        CompletableFuture<TopicPublishInfo> raced = routes.compute(topic,
                (key, current) -> current == null || current.isCompletedExceptionally() ? loading : current);
        if (raced == loading) {
            fetch(topic).whenComplete((info, error) -> {
                if (error != null) {
                    // not cached: the next send asks again
                    routes.remove(topic, loading);
                    loading.completeExceptionally(unwrap(error));
                } else {
                    loading.complete(info);
                }
            });
        }
        return raced;
    }

    /** The name of the broker whose master is at {@code address}, or {@code null} when no route names one there. */
    public String brokerNameAt(String address) {
        for (Map.Entry<String, String> broker : brokerAddresses.entrySet()) {
            if (broker.getValue().equals(address)) {
                return broker.getKey();
            }
        }
        return null;
    }

    /** The master address of a broker as last seen in any route, or {@code null}. */
    public String brokerAddress(String brokerName) {
        return brokerAddresses.get(brokerName);
    }

    /**
     * The master address of a broker; when none is known, the topic's route is fetched again and looked at once more.
     * Fails with {@link MQNotSentException} when the broker has no master address even then.
     */
    public CompletableFuture<String> resolveBrokerAddress(String topic, String brokerName) {
        String known = brokerAddresses.get(brokerName);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return refresh(topic).thenApply(info -> {
            String address = brokerAddresses.get(brokerName);
            if (address == null) {
                throw new MQNotSentException("broker '" + brokerName + "' of topic '" + topic
                        + "' has no master address in the route, even after a fresh lookup");
            }
            return address;
        });
    }

    /**
     * Fetches a topic's route now and replaces the cached one. On failure the cached route stays; so does a live
     * cached route when no name server knows the topic any more and the answer would be the template topic's: a name
     * server just restarted is empty for a while, and the topic's brokers still serve it. (A topic really deleted
     * shows on the broker, whose TOPIC_NOT_EXIST answer to a send invalidates the route.) Completes with the route
     * now cached.
     */
    public CompletableFuture<TopicPublishInfo> refresh(String topic) {
        return fetch(topic).thenApply(info -> {
            CompletableFuture<TopicPublishInfo> kept = routes.compute(topic, (key, current) ->
                    info.viaDefaultTopic() && isLiveRoute(current) ? current : CompletableFuture.completedFuture(info));
            return kept.getNow(info);
        });
    }

    private static boolean isLiveRoute(CompletableFuture<TopicPublishInfo> cached) {
        return cached != null && cached.isDone() && !cached.isCompletedExceptionally()
                && !cached.getNow(null).viaDefaultTopic();
    }

    /**
     * Looks up whether a broker's master has moved to another address (a replica promoted after its master died, in
     * a group with automatic master election: same broker name, new address). If so, every cached route that names
     * the broker is refreshed, so sends go to the new master now rather than at the next periodic refresh. Routes
     * taken from the auto-create template topic count too: a topic created by its first sends keeps the template's
     * route until the next refresh, and its master moves all the same. A route with no master for the broker (the old
     * one gone, the new one not registered yet) changes nothing. Completes with whether the master moved; never fails.
     */
    public CompletableFuture<Boolean> followMaster(String brokerName) {
        String known = brokerAddresses.get(brokerName);
        List<String> topics = routes.entrySet().stream()
                .filter(route -> isResolved(route.getValue())
                        && route.getValue().getNow(null).masterAddresses().containsKey(brokerName))
                .map(Map.Entry::getKey).toList();
        if (topics.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        return fetch(topics.get(0)).thenCompose(route -> {
            String current = route.masterAddresses().get(brokerName);
            if (current == null || current.equals(known)) {
                return CompletableFuture.completedFuture(false);
            }
            // fetch has remembered the new address; the cached routes still carry the old one
            return CompletableFuture.allOf(topics.stream().map(this::refresh).toArray(CompletableFuture[]::new))
                    .handle((done, error) -> true);
        }).exceptionally(error -> false);
    }

    private static boolean isResolved(CompletableFuture<TopicPublishInfo> cached) {
        return cached.isDone() && !cached.isCompletedExceptionally();
    }

    /** Forgets a topic's route; the next send looks it up again. */
    public void invalidate(String topic) {
        routes.remove(topic);
    }

    /** Topics with a cached route. */
    public Set<String> topics() {
        return Set.copyOf(routes.keySet());
    }

    /** Master address by broker name, for every broker seen in any route. */
    public Map<String, String> knownBrokers() {
        return Map.copyOf(brokerAddresses);
    }

    public NameServerLookup nameServerLookup() {
        return lookup;
    }

    @Override
    public void close() {
        refreshTask.cancel(false);
    }

    private void refreshAll() {
        for (String topic : routes.keySet()) {
            CompletableFuture<TopicPublishInfo> current = routes.get(topic);
            if (current != null && current.isDone()) {
                refresh(topic);
            }
        }
    }

    private CompletableFuture<TopicPublishInfo> fetch(String topic) {
        return lookup.lookup(topic)
                .thenApply(route -> remember(TopicPublishInfo.of(topic, route, Integer.MAX_VALUE, false)))
                .exceptionallyCompose(error -> {
                    if (unwrap(error) instanceof TopicNotFoundException) {
                        return lookup.lookup(DEFAULT_TOPIC).thenApply(template -> remember(
                                TopicPublishInfo.of(topic, template, DEFAULT_TOPIC_QUEUE_NUMS, true)))
                                .exceptionallyCompose(templateError -> CompletableFuture.failedFuture(
                                        notFoundEvenViaTemplate(topic, unwrap(templateError), lookup)));
                    }
                    return CompletableFuture.failedFuture(unwrap(error));
                })
                .thenApply(info -> {
                    if (info.queues().isEmpty()) {
                        throw new MQNotSentException("topic '" + topic + "' has no writable queue on any master broker");
                    }
                    return info;
                });
    }

    /** The user asked about {@code topic}, not the template topic: the error must name it. */
    private static Throwable notFoundEvenViaTemplate(String topic, Throwable templateError, NameServerLookup lookup) {
        if (templateError instanceof TopicNotFoundException notFound) {
            return new TopicNotFoundException(topic, notFound.address(), lookup.withNamespace("nor a route for the "
                    + "auto-create template topic " + DEFAULT_TOPIC + ": create the topic, or enable "
                    + "autoCreateTopicEnable on the broker", topic));
        }
        return templateError;
    }

    private TopicPublishInfo remember(TopicPublishInfo info) {
        brokerAddresses.putAll(info.masterAddresses());
        return info;
    }

}
