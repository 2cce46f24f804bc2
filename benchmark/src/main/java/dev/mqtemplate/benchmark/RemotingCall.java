package dev.mqtemplate.benchmark;

import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.FrameEncoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request, one answer, on a fresh connection: enough for the few admin requests the benchmark makes (create the
 * topic, wait for its route). Not for sending messages.
 */
final class RemotingCall {

    private RemotingCall() {
    }

    static RemotingCommand call(String address, RemotingCommand request, Duration timeout) {
        return call(address, request, timeout, null);
    }

    /** As {@link #call(String, RemotingCommand, Duration)}, over TLS with {@code tls} unless it is null. */
    static RemotingCommand call(String address, RemotingCommand request, Duration timeout,
            io.netty.handler.ssl.SslContext tls) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
            int colon = address.lastIndexOf(':');
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                // the peer's host and port: Netty 4.2 verifies the certificate's name against them
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), address.substring(0, colon),
                                        Integer.parseInt(address.substring(colon + 1))));
                            }
                            ch.pipeline().addLast(new FrameDecoder(), new FrameEncoder(HeaderSerialization.JSON),
                                    new SimpleChannelInboundHandler<RemotingCommand>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand msg) {
                                            answer.complete(msg);
                                        }
                                    });
                        }
                    })
                    .connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                    .syncUninterruptibly().channel();
            channel.writeAndFlush(request.withOpaque(1)).syncUninterruptibly();
            RemotingCommand response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            channel.close();
            return response;
        } catch (Exception e) {
            throw new IllegalStateException("request " + request.code() + " to " + address + " failed", e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
