package dev.mqtemplate.client.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The threads a client runs on: one event loop group for every connection, also used for timeouts and background
 * tasks. Shareable between templates; whoever creates it closes it, and a template closes only resources it created.
 */
public final class ClientResources implements AutoCloseable {

    /** Default number of I/O threads: enough for a producer, few enough for a small container. */
    public static final int DEFAULT_IO_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    private final EventLoopGroup eventLoopGroup;

    private ClientResources(int ioThreads) {
        this.eventLoopGroup = new MultiThreadIoEventLoopGroup(ioThreads,
                new DefaultThreadFactory("mqtemplate-io", true), NioIoHandler.newFactory());
    }

    /** Creates resources with {@link #DEFAULT_IO_THREADS} I/O threads. */
    public static ClientResources create() {
        return create(DEFAULT_IO_THREADS);
    }

    public static ClientResources create(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
        }
        return new ClientResources(ioThreads);
    }

    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    /** Stops the threads, waiting at most the given time for them to end. */
    public void close(Duration timeout) {
        eventLoopGroup.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(timeout.toMillis() + 100);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    public boolean isClosed() {
        return eventLoopGroup.isTerminated();
    }
}
