package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import io.netty.channel.Channel;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests that peers send this client (codes such as CHECK_TRANSACTION_STATE and PUSH_REPLY_MESSAGE_TO_CLIENT), by
 * code, each to its {@link RequestHandler}. Handlers run on a small bounded pool of their own, off the I/O threads,
 * and their answers go back on the connection the request came on, with its opaque. A code with no handler is
 * answered REQUEST_CODE_NOT_SUPPORTED, a full pool SYSTEM_BUSY, a handler that throws SYSTEM_ERROR; a one-way request
 * is never answered. Closing ends the pool's threads.
 */
final class InboundRequests implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(InboundRequests.class.getName());

    /** Handler threads: checks and replies are rare next to sends, and each is short. */
    static final int THREADS = 2;

    /** Requests that may wait for a handler thread before the next is answered SYSTEM_BUSY (the broker asks again). */
    static final int QUEUE_CAPACITY = 1024;

    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    private final Map<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();

    private final ThreadPoolExecutor executor;

    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    InboundRequests() {
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 10, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), this::newThread);
        executor.allowCoreThreadTimeOut(true);
    }

    /** Registers the handler of a request code; one per code. */
    void register(int code, RequestHandler handler) {
        if (handlers.putIfAbsent(code, handler) != null) {
            throw new IllegalStateException("request code " + RequestCode.name(code) + " has a handler already");
        }
    }

    /** On the I/O thread: hands a peer's request to its handler, or answers at once why not. */
    void dispatch(RemotingCommand request, Channel channel, String address) {
        RequestHandler handler = handlers.get(request.code());
        if (handler == null) {
            answer(request, channel, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " not supported by mqtemplate");
            return;
        }
        try {
            executor.execute(() -> handle(handler, request, channel, address));
        } catch (RejectedExecutionException busyOrClosed) {
            answer(request, channel, ResponseCode.SYSTEM_BUSY, "mqtemplate cannot take more requests now");
        }
    }

    private static void handle(RequestHandler handler, RemotingCommand request, Channel channel, String address) {
        RemotingCommand response;
        try {
            response = handler.handle(request, address);
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.log(Level.WARNING, "handler of " + RequestCode.name(request.code()) + " from " + address + " threw", e);
            answer(request, channel, ResponseCode.SYSTEM_ERROR, "mqtemplate handler failed: " + e);
            return;
        }
        if (response != null && !request.isOneway()) {
            channel.writeAndFlush(response.withOpaque(request.opaque()));
        }
    }

    private static void answer(RemotingCommand request, Channel channel, int code, String remark) {
        if (!request.isOneway()) {
            channel.writeAndFlush(RemotingCommand.responseTo(request, code, remark, Map.of(), null));
        }
    }

    private Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "mqtemplate-inbound-" + THREAD_COUNT.incrementAndGet());
        thread.setDaemon(true);
        threads.removeIf(ended -> !ended.isAlive());
        threads.add(thread);
        return thread;
    }

    /** Stops taking requests; lets handlers under way finish for up to a second, then ends the threads. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
            for (Thread thread : threads) {
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
