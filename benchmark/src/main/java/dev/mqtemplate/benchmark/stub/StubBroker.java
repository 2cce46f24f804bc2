package dev.mqtemplate.benchmark.stub;

import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.FrameEncoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A stub of a RocketMQ name server and broker on one 127.0.0.1 port, to measure a client alone: it answers
 * GET_ROUTEINFO_BY_TOPIC with a route to itself (one broker, {@link #QUEUES} queues, any topic), every send (single
 * or batch) with SUCCESS at once, heartbeats and unregistrations with SUCCESS. Answers use JSON headers by default,
 * as a broker with default settings does whatever the request used.
 *
 * <p>One I/O thread; {@link #close()} stops it. Thread-safe.
 */
public final class StubBroker implements AutoCloseable {

    /** Name of the one broker in the route. */
    public static final String BROKER_NAME = "stub-broker";

    /** Write queues per topic in the route, as the benchmark creates on the real broker. */
    public static final int QUEUES = 8;

    private final EventLoopGroup group;

    private final Channel server;

    private final StubHandler handler;

    private StubBroker(EventLoopGroup group, Channel server, StubHandler handler) {
        this.group = group;
        this.server = server;
        this.handler = handler;
    }

    /** Starts a stub on a free port answering with JSON headers. */
    public static StubBroker start() {
        return start(HeaderSerialization.JSON);
    }

    /** Starts a stub on a free port answering with the given header serialization. */
    public static StubBroker start(HeaderSerialization answers) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stub-broker", true),
                NioIoHandler.newFactory());
        try {
            StubHandler handler = new StubHandler();
            FrameEncoder encoder = new FrameEncoder(answers);
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new FrameDecoder(), encoder, handler);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
            handler.routeTo(address(server));
            return new StubBroker(group, server, handler);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static String address(Channel server) {
        InetSocketAddress local = (InetSocketAddress) server.localAddress();
        return "127.0.0.1:" + local.getPort();
    }

    /** The {@code 127.0.0.1:port} address, to be used as name server (and it is the broker, too). */
    public String address() {
        return address(server);
    }

    /** Send requests answered so far (a batch counts once). */
    public long sendsAnswered() {
        return handler.sendsAnswered();
    }

    /** Request codes seen that the stub does not know, answered with REQUEST_CODE_NOT_SUPPORTED. */
    public java.util.Set<Integer> unknownCodes() {
        return handler.unknownCodes();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
