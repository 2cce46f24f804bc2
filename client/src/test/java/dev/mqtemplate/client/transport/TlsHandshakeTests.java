package dev.mqtemplate.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQTlsException;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.localbroker.LocalTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handshake rules without a broker: a Netty TLS server with the certificate {@link LocalTls} generates (SANs
 * 127.0.0.1 and localhost), bound to 127.0.0.2, a loopback address the certificate does not name; and a plaintext
 * server that hangs up on the first bytes, as a RocketMQ server in {@code tls.server.mode=disabled} does.
 */
class TlsHandshakeTests {

    private static final EventLoopGroup SERVER_LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private static Path directory;

    private static LocalTls certificates;

    @BeforeAll
    static void generate() throws Exception {
        directory = Files.createTempDirectory("mqtemplate-tls-test-");
        certificates = LocalTls.generate(directory);
    }

    @AfterAll
    static void stop() {
        SERVER_LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aCertificateThatDoesNotNameTheIpConnectedToFailsWithATlsErrorUnlessVerificationIsOff() throws Exception {
        SslContext server = SslContextBuilder.forServer(certificates.serverCertificate().toFile(),
                certificates.serverKey().toFile()).build();
        Channel listening = listen("127.0.0.2", channel -> channel.pipeline().addLast(server.newHandler(channel.alloc())));
        String address = "127.0.0.2:" + ((InetSocketAddress) listening.localAddress()).getPort();
        ClientTls trusting = ClientTls.of(SslContextBuilder.forClient()
                .trustManager(certificates.caCertificate().toFile()).build());
        try {
            Throwable failure = acquireFailure(trusting, address);
            assertThat(failure).isInstanceOf(MQTlsException.class)
                    .hasMessageStartingWith("TLS handshake with " + address + " failed: the server's certificate "
                            + "does not name the host of " + address);
            assertThat(((MQTlsException) failure).address()).isEqualTo(address);
            try (ClientResources resources = ClientResources.create(1);
                    ChannelPool pool = new ChannelPool(resources, options(trusting.hostnameVerification(false)))) {
                assertThat(pool.acquire(address).get(5, TimeUnit.SECONDS).isActive()).isTrue();
            }
        } finally {
            listening.close().sync();
        }
    }

    @Test
    void aServerWithoutTlsThatHangsUpOnTheHandshakeFailsWithATlsError() throws Exception {
        Channel listening = listen("127.0.0.1", channel -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object message) {
                ReferenceCountUtil.release(message);
                ctx.close();
            }
        }));
        String address = "127.0.0.1:" + ((InetSocketAddress) listening.localAddress()).getPort();
        try {
            Throwable failure = acquireFailure(ClientTls.of(SslContextBuilder.forClient()
                    .trustManager(certificates.caCertificate().toFile()).build()), address);
            assertThat(failure).isInstanceOf(MQTlsException.class)
                    .hasMessageContaining("TLS handshake with " + address + " failed")
                    .hasMessageContaining("closed the connection during the handshake");
        } finally {
            listening.close().sync();
        }
    }

    private static Throwable acquireFailure(ClientTls tls, String address) {
        try (ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, options(tls))) {
            Throwable thrown = catchThrowable(() -> pool.acquire(address).get(5, TimeUnit.SECONDS));
            return thrown instanceof ExecutionException e ? e.getCause() : thrown;
        }
    }

    private static TransportOptions options(ClientTls tls) {
        return new TransportOptions(Duration.ofSeconds(3), 1, 16 * 1024 * 1024, HeaderSerialization.JSON, tls);
    }

    private static Channel listen(String host, java.util.function.Consumer<SocketChannel> pipeline)
            throws InterruptedException {
        return new ServerBootstrap().group(SERVER_LOOP).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline.accept(channel);
                    }
                }).bind(host, 0).sync().channel();
    }
}
