package dev.mqtemplate.client.send;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.Connection;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Registers the producer group with every known master broker (HEART_BEAT, at a fixed interval) and unregisters it
 * on close (UNREGISTER_CLIENT), as the official producer does. Brokers forget producers not heard from for 120 s.
 */
public class HeartbeatSender implements AutoCloseable {

    private final RouteCache routes;

    private final ChannelPool channels;

    private final String producerGroup;

    private final String clientId;

    private final ScheduledFuture<?> task;

    /** The connection each broker last answered a heartbeat on: the one it pushes replies to. */
    private final Map<String, Connection> registeredOn = new ConcurrentHashMap<>();

    public HeartbeatSender(RouteCache routes, ChannelPool channels, String producerGroup, EventLoopGroup scheduler,
            Duration interval) {
        this.routes = routes;
        this.channels = channels;
        this.producerGroup = producerGroup;
        this.clientId = buildClientId();
        long period = interval.toMillis();
        this.task = scheduler.next().scheduleAtFixedRate(this::beatAll, 1000, period, TimeUnit.MILLISECONDS);
    }

    /** This client's id as brokers and admin tools show it: {@code host@pid#nanos}. */
    public String clientId() {
        return clientId;
    }

    /** Sends a heartbeat to every known master now; the future completes when all have answered or failed. */
    public CompletableFuture<Void> beatAll() {
        return beat(routes.knownBrokers().values(), false);
    }

    /**
     * Sends a heartbeat now to every known master that has not answered one on a connection still open; completes
     * at once when all have, else when those beats have answered or failed. A broker pushes a reply to the
     * connection this client's last heartbeat came on, and forgets it when that connection closes: a request that
     * wants a reply calls this first, as the official client beats all brokers before a request to a new topic.
     */
    public CompletableFuture<Void> ensureRegistered() {
        return beat(routes.knownBrokers().values(), true);
    }

    private CompletableFuture<Void> beat(Iterable<String> addresses, boolean onlyUnregistered) {
        List<CompletableFuture<?>> beats = null;
        byte[] body = null;
        for (String address : addresses) {
            Connection registered = registeredOn.get(address);
            if (onlyUnregistered && registered != null && registered.isActive()) {
                continue;
            }
            if (beats == null) {
                beats = new ArrayList<>();
                body = heartbeatBody();
            }
            RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), body);
            beats.add(channels.acquire(address).thenCompose(connection -> connection.request(request, 3000)
                    .thenAccept(answer -> {
                        if (answer.code() == ResponseCode.SUCCESS) {
                            registeredOn.put(address, connection);
                        }
                    })));
        }
        if (beats == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(beats.toArray(CompletableFuture[]::new)).exceptionally(ignored -> null);
    }

    /** Stops the heartbeats and unregisters from every known master, waiting at most the given time. */
    public void unregister(Duration timeout) {
        task.cancel(false);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String address : routes.knownBrokers().values()) {
            if (channels.openConnections(address) == 0) {
                continue; // never connected or already gone: nothing registered there worth a new connection
            }
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT,
                    Map.of("clientID", clientId, "producerGroup", producerGroup), null);
            calls.add(channels.acquire(address).thenCompose(c -> c.request(request, timeout.toMillis())));
        }
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // best effort: the broker expires the registration by itself after 120 s
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }

    /** The HEART_BEAT body registering this client's producer group. */
    public byte[] heartbeatBody() {
        String json = "{\"clientID\":\"" + clientId + "\",\"consumerDataSet\":[],\"heartbeatFingerprint\":0,"
                + "\"producerDataSet\":[{\"groupName\":\"" + producerGroup + "\"}],\"withoutSub\":false}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String buildClientId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.io.IOException e) {
            host = "127.0.0.1";
        }
        return host + "@" + ProcessHandle.current().pid() + "#" + System.nanoTime();
    }
}
