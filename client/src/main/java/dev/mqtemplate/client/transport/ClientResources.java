package dev.mqtemplate.client.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a client runs on: one event loop group for every connection, also used for timeouts and background
 * tasks, and a couple of threads for host-name lookups, which block and so must not run on the event loops.
 * Shareable between templates; whoever creates it closes it, and a template closes only resources it created.
 *
 * <p>On Linux the threads use Netty's native epoll transport (fewer system calls and less garbage per read than the
 * JDK selector); elsewhere, or when the native library cannot load, the JDK's NIO. {@link #transport()} says which.
 */
public final class ClientResources implements AutoCloseable {

    /** Default number of I/O threads: enough for a producer, few enough for a small container. */
    public static final int DEFAULT_IO_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    /** Most host-name lookups run at once; they are rare (a connection's first open) and each may block seconds. */
    private static final int RESOLVER_THREADS = 2;

    private static final AtomicInteger RESOLVER_THREAD_COUNT = new AtomicInteger();

    /** Longest {@link #close(Duration)} waits for the threads to end, whatever it is given. */
    public static final Duration LONGEST_CLOSE_WAIT = Duration.ofDays(7);

    private final EventLoopGroup eventLoopGroup;

    private final boolean epoll;

    /** Every I/O thread made, for {@link #close(Duration)} to wait for. */
    private final Queue<IoThread> threads = new ConcurrentLinkedQueue<>();

    /** Host-name lookups, which block: threads made on demand, ended after a while idle. */
    private final ThreadPoolExecutor resolverExecutor;

    /** Resolver threads that may still run, for {@link #close(Duration)} to wait for. */
    private final Queue<Thread> resolverThreads = new ConcurrentLinkedQueue<>();

    private ClientResources(int ioThreads, boolean preferNative) {
        this.epoll = preferNative && Epoll.isAvailable();
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.eventLoopGroup = new MultiThreadIoEventLoopGroup(ioThreads, new IoThreadFactory(), ioHandler);
        this.resolverExecutor = new ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), this::newResolverThread);
        resolverExecutor.allowCoreThreadTimeOut(true);
    }

    /** Creates resources with {@link #DEFAULT_IO_THREADS} I/O threads. */
    public static ClientResources create() {
        return create(DEFAULT_IO_THREADS);
    }

    /** Creates resources with {@code ioThreads} I/O threads, on the native transport where there is one. */
    public static ClientResources create(int ioThreads) {
        return create(ioThreads, true);
    }

    /**
     * Creates resources with {@code ioThreads} I/O threads.
     *
     * @param preferNative whether to use the native epoll transport when available; false always uses NIO
     */
    public static ClientResources create(int ioThreads, boolean preferNative) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
        }
        return new ClientResources(ioThreads, preferNative);
    }

    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    /** The socket channel type that runs on {@link #eventLoopGroup()}. */
    public Class<? extends SocketChannel> socketChannelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** {@code "epoll"} or {@code "nio"}. */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /**
     * Whether the calling thread is one of these resources' I/O threads, where blocking would stall every
     * connection it serves. A type check, cheap enough for every send.
     */
    public boolean inIoThread() {
        return Thread.currentThread() instanceof IoThread io && io.owner == this;
    }

    /** Where blocking host-name lookups run, off the I/O threads (daemon threads named mqtemplate-resolver-*). */
    Executor resolverExecutor() {
        return resolverExecutor;
    }

    private Thread newResolverThread(Runnable task) {
        Thread thread = new Thread(task, "mqtemplate-resolver-" + RESOLVER_THREAD_COUNT.incrementAndGet());
        thread.setDaemon(true);
        resolverThreads.removeIf(ended -> !ended.isAlive());
        resolverThreads.add(thread);
        return thread;
    }

    /**
     * Stops the threads, waiting at most the given time for them to end: a negative time is taken as zero, one
     * beyond {@link #LONGEST_CLOSE_WAIT} as that.
     */
    public void close(Duration timeout) {
        // Netty refuses a negative shutdown timeout (the threads would never stop); a huge one overflows as nanos
        Duration wait = timeout.isNegative() ? Duration.ZERO
                : timeout.compareTo(LONGEST_CLOSE_WAIT) > 0 ? LONGEST_CLOSE_WAIT : timeout;
        long deadline = System.nanoTime() + wait.toNanos() + 100_000_000L;
        // lookups under way finish (their connects then fail, the I/O threads being gone); idle threads end now
        resolverExecutor.shutdown();
        eventLoopGroup.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(wait.toMillis() + 100);
        // the group reports termination from inside its threads, just before they end: wait for the end itself,
        // so that a closed client leaves no thread behind (an application server checks that on undeploy)
        for (Thread thread : threads) {
            if (!join(thread, deadline)) {
                return;
            }
        }
        for (Thread thread : resolverThreads) {
            if (!join(thread, deadline)) {
                return;
            }
        }
    }

    /** Waits for a thread to end, until the deadline at most; false when interrupted. */
    private static boolean join(Thread thread, long deadline) {
        long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
        try {
            thread.join(leftMillis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    public boolean isClosed() {
        return eventLoopGroup.isTerminated();
    }

    /** Makes threads that know whose they are, for {@link #inIoThread()}. */
    private final class IoThreadFactory extends DefaultThreadFactory {

        IoThreadFactory() {
            super("mqtemplate-io", true);
        }

        @Override
        protected Thread newThread(Runnable task, String name) {
            IoThread thread = new IoThread(threadGroup, task, name, ClientResources.this);
            threads.add(thread);
            return thread;
        }
    }

    private static final class IoThread extends FastThreadLocalThread {

        final ClientResources owner;

        IoThread(ThreadGroup group, Runnable task, String name, ClientResources owner) {
            super(group, task, name);
            this.owner = owner;
        }
    }
}
