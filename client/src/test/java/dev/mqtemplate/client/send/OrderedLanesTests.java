package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.NameServerLookup;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.route.TopicPublishInfo;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ordered line on its own: one send in flight per queue, submission order kept, no recursion. */
class OrderedLanesTests {

    private static final MessageQueue QUEUE = new MessageQueue("orders", "broker-a", 0);

    private final ClientResources resources = ClientResources.create(1);

    private final ChannelPool pool = new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(1), 1,
            1 << 20, HeaderSerialization.JSON));

    private final RouteCache routes = new RouteCache(new NameServerLookup("127.0.0.1:1", pool, Duration.ofSeconds(1)),
            resources.eventLoopGroup(), Duration.ofHours(1)) {
        @Override
        public CompletableFuture<TopicPublishInfo> publishInfo(String topic) {
            return CompletableFuture.completedFuture(new TopicPublishInfo(topic, List.of(QUEUE),
                    Map.of("broker-a", "127.0.0.1:1"), Map.of(), false));
        }
    };

    private final OrderedLanes lanes = new OrderedLanes(routes, resources.eventLoopGroup());

    @AfterEach
    void close() {
        routes.close();
        pool.close();
        resources.close();
    }

    @Test
    void thousandsOfSendsThatEndInsideTheirStartRunAsALoopNotARecursion() {
        AtomicInteger started = new AtomicInteger();
        List<Fake> sends = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            sends.add(new Fake(0, i, (queue, ended) -> {
                started.incrementAndGet();
                ended.run(); // fails at once, as a send to a closed connection does
            }));
        }
        // hold the line with one send that ends later, so the others queue up behind it
        Runnable[] release = new Runnable[1];
        lanes.submit(new Fake(0, -1, (queue, ended) -> release[0] = ended));
        sends.forEach(lanes::submit);

        release[0].run();

        assertThat(started.get()).isEqualTo(50_000);
    }

    @Test
    void aQueueHasOneSendInFlightAndEachThreadsSendsStartInTheOrderSubmitted() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Map<Integer, List<Integer>> startedBySender = new ConcurrentHashMap<>();
        ExecutorService finisher = Executors.newFixedThreadPool(2);
        int perThread = 500;
        AtomicInteger ended = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int sender = t;
                Thread thread = new Thread(() -> {
                    for (int seq = 0; seq < perThread; seq++) {
                        lanes.submit(new Fake(sender, seq, (queue, done) -> {
                            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            finisher.execute(() -> {
                                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                    Thread.yield();
                                }
                                inFlight.decrementAndGet();
                                ended.incrementAndGet();
                                done.run();
                            });
                        }, startedBySender));
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ended.get() < 4 * perThread && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            finisher.shutdownNow();
        }

        assertThat(ended.get()).isEqualTo(4 * perThread);
        assertThat(maxInFlight.get()).isEqualTo(1);
        startedBySender.values().forEach(started -> assertThat(started).isSorted().hasSize(perThread));
    }

    /** What a placed send does when started: gets the queue and the callback to call once it has ended. */
    private interface Behaviour {
        void start(MessageQueue queue, Runnable ended);
    }

    private record Fake(int sender, int seq, Behaviour behaviour, Map<Integer, List<Integer>> log)
            implements OrderedLanes.Placed {

        Fake(int sender, int seq, Behaviour behaviour) {
            this(sender, seq, behaviour, null);
        }

        @Override
        public String topic() {
            return "orders";
        }

        @Override
        public QueuePin pin() {
            return QueuePin.byShardingKey("key");
        }

        @Override
        public void start(MessageQueue queue, TopicPublishInfo route, Runnable ended) {
            if (log != null) {
                log.computeIfAbsent(sender, any -> java.util.Collections.synchronizedList(new ArrayList<>())).add(seq);
            }
            behaviour.start(queue, ended);
        }

        @Override
        public void fail(MQException failure) {
            throw new AssertionError("unexpected failure", failure);
        }

        @Override
        public long millisLeft() {
            return 60_000;
        }

        @Override
        public MQException routeTimeout() {
            throw new AssertionError("the route is always there");
        }
    }
}
