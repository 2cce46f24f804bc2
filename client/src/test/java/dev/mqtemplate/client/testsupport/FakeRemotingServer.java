package dev.mqtemplate.client.testsupport;

import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.FrameEncoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process remoting server on 127.0.0.1 (random port) that speaks RocketMQ frames with our own codec and answers
 * as a per-test script says: a response, nothing, raw bytes (garbage, broken frames), a close, or any of these after
 * a delay or when the test releases it. It records every request it decoded. Plays a name server, a broker or
 * both, see {@link FakeRoles}.
 *
 * <p>Thread-safe; the script runs on the server's single I/O thread. {@link #close()} stops that thread. Everything it
 * writes is released by Netty on write, so it leaks no buffer.
 */
public final class FakeRemotingServer implements AutoCloseable {

    private static final FrameEncoder ENCODER = new FrameEncoder(HeaderSerialization.JSON);

    private final EventLoopGroup group;

    private final Channel serverChannel;

    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private final List<RemotingCommand> requests = new CopyOnWriteArrayList<>();

    private final List<Throwable> scriptErrors = new CopyOnWriteArrayList<>();

    private final AtomicInteger accepted = new AtomicInteger();

    private final AtomicInteger toClientOpaque = new AtomicInteger(1_000_000);

    private final java.util.Map<Integer, java.util.concurrent.CompletableFuture<RemotingCommand>> answersFromClient =
            new java.util.concurrent.ConcurrentHashMap<>();

    private volatile Function<RemotingCommand, Reply> script;

    private FakeRemotingServer(Function<RemotingCommand, Reply> script) {
        this.script = script;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fake-remoting", true),
                NioIoHandler.newFactory());
        try {
            this.serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            accepted.incrementAndGet();
                            connections.add(channel);
                            channel.pipeline().addLast(new FrameDecoder(), ENCODER, new ScriptedHandler());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    /** Starts a server that answers by {@code script}; a {@code null} reply means {@link #byDefault()}. */
    public static FakeRemotingServer start(Function<RemotingCommand, Reply> script) {
        return new FakeRemotingServer(script);
    }

    /** Replaces the script, for requests decoded from now on. */
    public FakeRemotingServer script(Function<RemotingCommand, Reply> script) {
        this.script = script;
        return this;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Every request decoded so far, in arrival order. */
    public List<RemotingCommand> requests() {
        return List.copyOf(requests);
    }

    /** Requests decoded so far with the given request code. */
    public List<RemotingCommand> requests(int code) {
        return requests.stream().filter(r -> r.code() == code).toList();
    }

    /** Waits until at least {@code count} requests of {@code code} arrived; returns them, or fails after the wait. */
    public List<RemotingCommand> awaitRequests(int code, int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (requests(code).size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + count + " requests " + RequestCode.name(code) + " within "
                        + wait + ", got " + requests(code).size());
            }
            sleep(2);
        }
        return requests(code);
    }

    /** Exceptions the script threw (each was answered with SYSTEM_ERROR); a test may assert there are none. */
    public List<Throwable> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Stops reading from every accepted connection: what clients write piles up in the socket buffers, then in the
     * clients' own outbound buffers, as with a broker that stalls.
     */
    public void pauseReading() {
        connections.forEach(channel -> channel.config().setAutoRead(false));
    }

    /** Reads again from every accepted connection. */
    public void resumeReading() {
        connections.forEach(channel -> channel.config().setAutoRead(true));
    }

    /**
     * Sends a request to the client on the first open connection, as a broker sends a transaction check; completes
     * with the client's answer (never, for a one-way request).
     */
    public java.util.concurrent.CompletableFuture<RemotingCommand> sendToClient(RemotingCommand request) {
        int opaque = toClientOpaque.incrementAndGet();
        java.util.concurrent.CompletableFuture<RemotingCommand> answer = new java.util.concurrent.CompletableFuture<>();
        answersFromClient.put(opaque, answer);
        // the client may see its connect complete before this side has registered the accepted channel
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (connections.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no client connected within 5 s");
            }
            sleep(2);
        }
        Channel channel = connections.iterator().next();
        channel.writeAndFlush(request.withOpaque(opaque));
        return answer;
    }

    /** Closes every accepted connection, waiting until they are closed. */
    public void closeConnections() {
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Stops listening, closes the connections and ends the I/O thread. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        closeConnections();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    // ---- replies --------------------------------------------------------------------------------------------

    /** What the server does with one request. */
    public sealed interface Reply {
    }

    record Respond(RemotingCommand response) implements Reply {
    }

    record NoAnswer() implements Reply {
    }

    record Raw(byte[] bytes, boolean closeAfter) implements Reply {
    }

    record Close() implements Reply {
    }

    record Delayed(Duration delay, Reply reply) implements Reply {
    }

    record Sequence(List<Reply> replies) implements Reply {
    }

    record After(CompletionStage<?> trigger, Reply reply) implements Reply {
    }

    record ByDefault() implements Reply {
    }

    /** Writes this response (build it with {@link RemotingCommand#responseTo} to answer the request). */
    public static Reply respond(RemotingCommand response) {
        return new Respond(response);
    }

    /** Answers nothing; the connection stays open. */
    public static Reply noAnswer() {
        return new NoAnswer();
    }

    /** Writes these bytes as they are, garbage or broken frames included. */
    public static Reply raw(byte[] bytes) {
        return new Raw(bytes.clone(), false);
    }

    /** Writes these bytes, then closes the connection (a close in the middle of a frame, if they are one's start). */
    public static Reply rawThenClose(byte[] bytes) {
        return new Raw(bytes.clone(), true);
    }

    /** Closes the connection without answering. */
    public static Reply closeConnection() {
        return new Close();
    }

    /** Does {@code reply} after {@code delay}. */
    public static Reply delayed(Duration delay, Reply reply) {
        return new Delayed(delay, reply);
    }

    /** Does {@code reply} once {@code trigger} completes, however it completes: an answer the test releases. */
    public static Reply after(CompletionStage<?> trigger, Reply reply) {
        return new After(trigger, reply);
    }

    /** Does each reply in turn (e.g. an answer with an unknown opaque, then the real one). */
    public static Reply sequence(Reply... replies) {
        return new Sequence(List.of(replies));
    }

    /** HEART_BEAT and UNREGISTER_CLIENT get SUCCESS, oneway requests nothing, any other REQUEST_CODE_NOT_SUPPORTED. */
    public static Reply byDefault() {
        return new ByDefault();
    }

    private void perform(ChannelHandlerContext ctx, RemotingCommand request, Reply reply) {
        if (reply instanceof Respond respond) {
            ctx.writeAndFlush(respond.response());
        } else if (reply instanceof Raw raw) {
            var written = ctx.writeAndFlush(Unpooled.wrappedBuffer(raw.bytes()));
            if (raw.closeAfter()) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        } else if (reply instanceof Close) {
            ctx.close();
        } else if (reply instanceof Delayed delayed) {
            ctx.executor().schedule(() -> perform(ctx, request, delayed.reply()), delayed.delay().toNanos(),
                    TimeUnit.NANOSECONDS);
        } else if (reply instanceof After after) {
            after.trigger().whenComplete((ignored, error) -> ctx.executor().execute(
                    () -> perform(ctx, request, after.reply())));
        } else if (reply instanceof Sequence sequence) {
            sequence.replies().forEach(each -> perform(ctx, request, each));
        } else if (reply instanceof ByDefault) {
            perform(ctx, request, defaultReply(request));
        }
        // NoAnswer: nothing
    }

    private static Reply defaultReply(RemotingCommand request) {
        if (request.isOneway()) {
            return noAnswer();
        }
        if (request.code() == RequestCode.HEART_BEAT || request.code() == RequestCode.UNREGISTER_CLIENT) {
            return respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), null));
        }
        return respond(RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                "fake server has no script for " + RequestCode.name(request.code()), Map.of(), null));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private final class ScriptedHandler extends SimpleChannelInboundHandler<RemotingCommand> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand request) {
            if (request.isResponse()) {
                // an answer to a request sent with sendToClient, or to nothing we asked
                java.util.concurrent.CompletableFuture<RemotingCommand> waiting =
                        answersFromClient.remove(request.opaque());
                if (waiting != null) {
                    waiting.complete(request);
                }
                return;
            }
            requests.add(request);
            Reply reply;
            try {
                reply = script.apply(request);
            } catch (RuntimeException | AssertionError e) {
                scriptErrors.add(e);
                reply = respond(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "script failed: " + e,
                        Map.of(), null));
            }
            perform(ctx, request, reply == null ? byDefault() : reply);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
