package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.FrameEncoder;
import dev.mqtemplate.client.protocol.RequestSigner;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Long-lived connections per address, opened on first use and reopened when found dead. Each address has a fixed
 * number of slots ({@link TransportOptions#connectionsPerAddress()}); requests are spread over them round robin.
 * Host names are looked up on a resolver thread of {@link ClientResources}, IP literals not at all. Thread-safe.
 * Closing completes every request in flight and refuses new ones.
 */
public final class ChannelPool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChannelPool.class.getName());

    private final ClientResources resources;

    private final TransportOptions options;

    private final HostResolver resolver;

    private final Bootstrap bootstrap;

    private final FrameEncoder encoder;

    private final RequestSigner signer;

    private final Map<String, AddressSlots> slotsByAddress = new ConcurrentHashMap<>();

    private final List<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();

    private final List<Consumer<String>> connectListeners = new CopyOnWriteArrayList<>();

    private volatile boolean closed;

    /** Requests peers send on these connections, by code. */
    private final InboundRequests inbound = new InboundRequests();

    public ChannelPool(ClientResources resources, TransportOptions options) {
        this(resources, options, HostResolver.JDK);
    }

    /**
     * A pool whose connections sign every request they write with {@code signer} (ACL credentials), whatever its
     * code: sends, heartbeats, route lookups, probes. {@code null} signs nothing.
     */
    public ChannelPool(ClientResources resources, TransportOptions options, RequestSigner signer) {
        this(resources, options, HostResolver.JDK, signer);
    }

    /** As {@link #ChannelPool(ClientResources, TransportOptions)}, looking host names up with {@code resolver}. */
    ChannelPool(ClientResources resources, TransportOptions options, HostResolver resolver) {
        this(resources, options, resolver, null);
    }

    private ChannelPool(ClientResources resources, TransportOptions options, HostResolver resolver,
            RequestSigner signer) {
        this.resources = resources;
        this.options = options;
        this.resolver = resolver;
        this.signer = signer;
        this.encoder = new FrameEncoder(options.headerSerialization(), signer);
        this.bootstrap = new Bootstrap()
                .group(resources.eventLoopGroup())
                .channel(resources.socketChannelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis());
    }

    public TransportOptions options() {
        return options;
    }

    /** The access key this pool's requests are signed for, or {@code null} when they are not signed. */
    public String accessKey() {
        return signer == null ? null : signer.accessKey();
    }

    /**
     * A live connection to the address, connecting if needed. Fails with {@link MQNotSentException} naming the
     * address when the connection cannot be made, and with {@link MQClosedException} after close.
     */
    public CompletableFuture<Connection> acquire(String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new MQClosedException("connection pool"));
        }
        AddressSlots slots = slotsByAddress.get(address);
        if (slots == null) {
            // only the first send to an address pays for the method reference computeIfAbsent needs
            slots = slotsByAddress.computeIfAbsent(address, AddressSlots::new);
        }
        return slots.next();
    }

    /**
     * Registers a listener told the address of every new connection (for per-address metrics); called on an I/O
     * thread, so it must be quick.
     */
    public void onConnected(Consumer<String> listener) {
        connectListeners.add(listener);
    }

    /**
     * Registers a listener told the address of every connection that closes unexpectedly while it matters: with
     * requests in flight, or after an error (peer gone under load, protocol error). A peer closing an idle connection
     * is not reported. Called on an I/O thread, so it must be quick.
     */
    public void onUnexpectedClose(Consumer<String> listener) {
        closeListeners.add(listener);
    }

    /**
     * Registers the handler of a request code that peers (brokers) send on these connections, such as
     * CHECK_TRANSACTION_STATE. It runs on the pool's own handler threads; codes without a handler are answered
     * REQUEST_CODE_NOT_SUPPORTED. One handler per code.
     */
    public void onRequest(int code, RequestHandler handler) {
        inbound.register(code, handler);
    }

    /** Number of open connections to an address. */
    public int openConnections(String address) {
        AddressSlots slots = slotsByAddress.get(address);
        return slots == null ? 0 : slots.openCount();
    }

    /** Addresses with at least one connection slot, open or not. */
    public List<String> addresses() {
        return List.copyOf(slotsByAddress.keySet());
    }

    /** Closes every connection to the address; requests in flight on them complete at once. */
    public void closeAddress(String address) {
        AddressSlots slots = slotsByAddress.remove(address);
        if (slots != null) {
            slots.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes every connection; requests in flight complete with {@link NoResponseException.Reason#CLOSED}. */
    @Override
    public void close() {
        closed = true;
        for (String address : new ArrayList<>(slotsByAddress.keySet())) {
            closeAddress(address);
        }
        inbound.close();
    }

    private CompletableFuture<Connection> connect(String address) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        InetSocketAddress target;
        try {
            target = parse(address);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new MQNotSentException("invalid address '" + address + "': " + e.getMessage(),
                    address, e));
            return result;
        }
        if (!target.isUnresolved()) {
            return connect(address, target, result);
        }
        // Netty would look the name up on the I/O thread, and a lookup blocks every connection that thread serves
        try {
            resources.resolverExecutor().execute(() -> {
                InetSocketAddress resolved;
                try {
                    resolved = new InetSocketAddress(resolver.resolve(target.getHostString()), target.getPort());
                } catch (UnknownHostException | RuntimeException e) {
                    result.completeExceptionally(new MQNotSentException("cannot resolve " + address + ": "
                            + e.getMessage(), address, e));
                    return;
                }
                connect(address, resolved, result);
            });
        } catch (RejectedExecutionException e) {
            // the client's threads are shutting down
            result.completeExceptionally(new MQClosedException("connection pool"));
        }
        return result;
    }

    /** Connects to a resolved address and completes {@code result} with the connection. */
    private CompletableFuture<Connection> connect(String address, InetSocketAddress target,
            CompletableFuture<Connection> result) {
        Connection[] created = new Connection[1];
        SslHandler[] tlsHandler = new SslHandler[1];
        // the connect timeout covers the TCP connect and the TLS handshake together
        long connectDeadline = System.nanoTime() + options.connectTimeout().toNanos();
        ChannelFuture connecting;
        try {
            connecting = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    Connection connection = new Connection(channel, address, () -> {
                        if (!closed) {
                            tell(closeListeners, address);
                        }
                    }, inbound, options.tls() != null);
                    created[0] = connection;
                    if (options.tls() != null) {
                        tlsHandler[0] = TlsHandshake.newHandler(options.tls(), channel.alloc(), address,
                                options.connectTimeout().toMillis());
                        channel.pipeline().addLast("tls", tlsHandler[0]);
                    }
                    channel.pipeline()
                            .addLast("frameDecoder", new FrameDecoder(options.maxFrameLength()))
                            .addLast("frameEncoder", encoder)
                            .addLast("connection", new ConnectionHandler(connection));
                }
            }).connect(target);
        } catch (RuntimeException e) {
            // the event loop group is shutting down
            result.completeExceptionally(new MQClosedException("connection pool"));
            return result;
        }
        connecting.addListener((ChannelFuture done) -> {
            if (done.isSuccess() && tlsHandler[0] != null) {
                // usable only once the handshake is done: a request must never wait on, or leak past, a failed one
                TlsHandshake.await(tlsHandler[0], done.channel(), address, connectDeadline, () -> {
                    result.complete(created[0]);
                    tell(connectListeners, address);
                }, result::completeExceptionally);
            } else if (done.isSuccess()) {
                // the slot's future first: a listener that throws must not leave every later send waiting on it
                result.complete(created[0]);
                tell(connectListeners, address);
            } else {
                Throwable cause = done.cause();
                result.completeExceptionally(new MQNotSentException("cannot connect to " + address + ": "
                        + (cause == null ? "cancelled" : cause.getMessage()), address, cause));
            }
        });
        return result;
    }

    /** Tells each listener; what one throws is logged, and the others are still told. */
    private static void tell(List<Consumer<String>> listeners, String address) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(address);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(System.Logger.Level.WARNING, "a connection listener for " + address + " threw", e);
            }
        }
    }

    /** The address of {@code host:port}: resolved at once for an IP literal, unresolved for a host name. */
    static InetSocketAddress parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("expected host:port");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        String host = address.substring(0, colon);
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        return literal != null ? new InetSocketAddress(literal, port) : InetSocketAddress.createUnresolved(host, port);
    }

    /** The connection slots of one address; a slot holds a connection, or the attempt to make one. */
    private final class AddressSlots {

        private final String address;

        private final Slot[] slots;

        private final AtomicInteger next = new AtomicInteger();

        AddressSlots(String address) {
            this.address = address;
            this.slots = new Slot[options.connectionsPerAddress()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new Slot();
            }
        }

        CompletableFuture<Connection> next() {
            Slot slot = slots[slots.length == 1 ? 0 : Math.floorMod(next.getAndIncrement(), slots.length)];
            return slot.get();
        }

        int openCount() {
            int open = 0;
            for (Slot slot : slots) {
                Connection connection = slot.liveConnection();
                if (connection != null) {
                    open++;
                }
            }
            return open;
        }

        void close() {
            for (Slot slot : slots) {
                slot.close();
            }
        }

        private final class Slot {

            private volatile CompletableFuture<Connection> current;

            CompletableFuture<Connection> get() {
                // every send comes here: a live connection is handed out without taking the lock
                CompletableFuture<Connection> connection = current;
                if (connection != null && !isDead(connection)) {
                    return connection;
                }
                return getOrConnect();
            }

            private synchronized CompletableFuture<Connection> getOrConnect() {
                CompletableFuture<Connection> connection = current;
                if (connection == null || isDead(connection)) {
                    // a failed attempt is not cached: the next send tries again (fault avoidance spaces them out)
                    connection = connect(address);
                    current = connection;
                }
                return connection;
            }

            synchronized Connection liveConnection() {
                CompletableFuture<Connection> connection = current;
                return connection != null && connection.isDone() && !isDead(connection) ? connection.join() : null;
            }

            void close() {
                CompletableFuture<Connection> connection;
                synchronized (this) {
                    connection = current;
                    current = null;
                }
                // outside the lock: closing completes requests in flight, whose handlers may acquire a connection
                if (connection != null) {
                    connection.thenAccept(Connection::close);
                }
            }

            private boolean isDead(CompletableFuture<Connection> connection) {
                if (!connection.isDone()) {
                    return false;
                }
                return connection.isCompletedExceptionally() || !connection.join().isActive();
            }
        }
    }
}
