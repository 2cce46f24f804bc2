package dev.mqtemplate.client;

import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.route.Namespace;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.send.BrokerHealth;
import dev.mqtemplate.client.send.BrokerProbe;
import dev.mqtemplate.client.send.HeartbeatSender;
import dev.mqtemplate.client.send.MessageRecaller;
import dev.mqtemplate.client.send.MessageSender;
import dev.mqtemplate.client.send.ReplyPushHandler;
import dev.mqtemplate.client.send.ReplyWaiters;
import dev.mqtemplate.client.send.SendRequestEncoder;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.RequestSigner;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The machinery behind one {@link MQTemplate}, built from its configuration in dependency order and closed in the
 * reverse: connections, routes, the sender, heartbeats, the probe and the requests waiting for replies. It keeps
 * {@link MQTemplate} to its job (the API, sends in flight, close), and it is the one place that knows how the parts
 * fit.
 */
final class ClientParts {

    final ClientResources resources;

    final ChannelPool channels;

    final RouteCache routes;

    final BrokerHealth health;

    final MessageSender sender;

    final MessageRecaller recaller;

    final HeartbeatSender heartbeat;

    final BrokerProbe probe;

    final ReplyWaiters replies;

    /** The producer group as the brokers know it: the configured one, in the namespace if there is one. */
    final String producerGroup;

    /** What was created here and so is closed here, in closing order; threads given by the user stay theirs. */
    private final List<AutoCloseable> owned;

    private ClientParts(ClientResources resources, ChannelPool channels, RouteCache routes, BrokerHealth health,
            MessageSender sender, MessageRecaller recaller, HeartbeatSender heartbeat, BrokerProbe probe,
            ReplyWaiters replies, String producerGroup, List<AutoCloseable> owned) {
        this.producerGroup = producerGroup;
        this.resources = resources;
        this.channels = channels;
        this.routes = routes;
        this.health = health;
        this.sender = sender;
        this.recaller = recaller;
        this.heartbeat = heartbeat;
        this.probe = probe;
        this.replies = replies;
        this.owned = owned;
    }

    /**
     * Builds every part. Refuses, naming the value, a malformed name-server list or an invalid producer group,
     * before anything is started; if a later part fails to start, the ones already started are closed.
     *
     * @param sharedResources threads to run on, or {@code null} to create (and later close) our own
     * @param namespace the template's namespace: every part that writes a topic or the producer group on the wire
     *     gets the stored names from it, and only those parts
     */
    static ClientParts assemble(MQClientConfig config, ClientResources sharedResources, SendMetrics metrics,
            Namespace namespace) {
        NameServerLookup.parseAddresses(config.nameServer());
        String group = namespace.wrap(namespace.checkProducerGroup(
                MessageValidator.checkProducerGroup(config.producerGroup())));
        List<AutoCloseable> created = new ArrayList<>();
        ClientResources resources = sharedResources;
        if (resources == null) {
            ClientResources own = ClientResources.create();
            created.add(() -> own.close(config.closeTimeout()));
            resources = own;
        }
        try {
            ChannelPool channels = new ChannelPool(resources, new TransportOptions(config.connectTimeout(),
                    config.connectionsPerBroker(), config.maxFrameLength(), config.headerSerialization(),
                    config.tls()),
                    signer(config.credentials()));
            created.add(0, channels);
            RouteCache routes = new RouteCache(new NameServerLookup(config.nameServer(), channels,
                    config.lookupTimeout(), metrics, namespace), resources.eventLoopGroup(), config.routeRefreshInterval());
            created.add(0, routes);
            SendRequestEncoder encoder = new SendRequestEncoder(group, namespace);
            BrokerHealth health = new BrokerHealth();
            MessageSender sender = new MessageSender(routes, channels, encoder, health, resources.eventLoopGroup(),
                    config.retries(), config.retryUnknownOutcome(), metrics);
            MessageRecaller recaller = new MessageRecaller(routes, channels, group, resources.eventLoopGroup(),
                    namespace);
            HeartbeatSender heartbeat = new HeartbeatSender(routes, channels, group, resources.eventLoopGroup(),
                    config.heartbeatInterval());
            created.add(0, heartbeat);
            BrokerProbe probe = new BrokerProbe(health, routes, channels, heartbeat, resources.eventLoopGroup(),
                    BrokerProbe.DEFAULT_INTERVAL);
            created.add(0, probe);
            ReplyWaiters replies = new ReplyWaiters(resources.eventLoopGroup(), metrics);
            created.add(0, replies);
            channels.onRequest(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, new ReplyPushHandler(replies));
            return new ClientParts(resources, channels, routes, health, sender, recaller, heartbeat, probe, replies,
                    group, List.copyOf(created));
        } catch (RuntimeException e) {
            closeQuietly(created);
            throw e;
        }
    }

    /** The signer of every request for these credentials, or {@code null} for none. */
    private static RequestSigner signer(Credentials credentials) {
        return credentials == null ? null : new RequestSigner(credentials.accessKey(), credentials.secretKey(),
                credentials.securityToken());
    }

    /** Stops the background tasks and unregisters from the brokers, waiting at most {@code timeout}. */
    void unregister(Duration timeout) {
        probe.close();
        heartbeat.unregister(timeout);
    }

    /** Closes what was created here: connections (completing what is still in flight), then threads. */
    void close() {
        closeQuietly(owned);
    }

    private static void closeQuietly(List<AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing goes on: one part failing to close must not keep the others open
            }
        }
    }
}
