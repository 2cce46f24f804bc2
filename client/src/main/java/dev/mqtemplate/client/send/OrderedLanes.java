package dev.mqtemplate.client.send;

import dev.mqtemplate.client.error.Failures;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.route.TopicPublishInfo;
import dev.mqtemplate.client.transport.Deadline;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps ordered sends in submission order, per queue, up to the broker's store. Two things could reorder them:
 * sends waiting for a route or a connection resume in no particular order, and a broker runs several send threads,
 * so two requests in flight for one queue, even on one connection, can be stored either way round. So ordered sends
 * of a topic first line up until its route is known, in order; each is then given its queue; and each queue lets one
 * send be in flight at a time, starting the next when the previous has ended (stored, failed, or timed out). Sends
 * to different queues still run in parallel.
 *
 * <p>Time spent waiting in line counts against a send's own timeout: one still waiting at its deadline ends as not
 * sent, having never been written. A broker that drops out of the route does not remap its keys to other queues:
 * they wait for it (their sends fail by their kind meanwhile), see {@link TopicLane#queuesToMapOver}.
 */
final class OrderedLanes {

    /** Starts one attempt chain of a placed send; tells the lane when the send has ended. */
    interface Placed {

        /** The send's topic. */
        String topic();

        /** Where it must go. */
        QueuePin pin();

        /** Starts sending to {@code queue}, calling {@code ended} once the send's outcome has been reported. */
        void start(MessageQueue queue, TopicPublishInfo route, Runnable ended);

        /** Ends the send with a failure before it was sent (no route, no such queue). */
        void fail(MQException failure);

        /** Milliseconds left until its deadline; zero once it has passed. */
        long millisLeft();

        /** The failure of a send whose route did not come before its deadline. */
        MQException routeTimeout();
    }

    private static final Runnable NOTHING = () -> { };

    /**
     * How long keys keep the queues of a broker that dropped out of the route: long enough for a restart (a broker
     * is back in well under a minute), short enough that a broker taken away for good stops failing its keys.
     */
    static final long SHRUNK_ROUTE_GRACE_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final RouteCache routes;

    private final EventExecutorGroup timer;

    private final Map<String, TopicLane> topics = new ConcurrentHashMap<>();

    /**
     * @param timer where waits for a route are bounded by each send's deadline
     */
    OrderedLanes(RouteCache routes, EventExecutorGroup timer) {
        this.routes = routes;
        this.timer = timer;
    }

    /** Lines a send up behind the earlier ordered sends of its topic. */
    void submit(Placed send) {
        TopicLane lane = topics.get(send.topic());
        if (lane == null) {
            lane = topics.computeIfAbsent(send.topic(), TopicLane::new);
        }
        lane.submit(send);
    }

    /** The ordered sends of one topic. */
    private final class TopicLane {

        private final String topic;

        /** Sends waiting for the route, in submission order. */
        private final ArrayDeque<Placed> awaitingRoute = new ArrayDeque<>();

        private final Map<MessageQueue, QueueLane> queues = new HashMap<>();

        /** The queue list keys were last mapped over; see {@link #queuesToMapOver}. */
        private List<MessageQueue> mappedOver;

        /** Since when the route has lacked some of {@link #mappedOver}'s queues, in nanoTime; 0 while it has not. */
        private long shrunkSince;

        TopicLane(String topic) {
            this.topic = topic;
        }

        void submit(Placed send) {
            CompletableFuture<TopicPublishInfo> route = routes.publishInfo(topic);
            QueueLane target = null;
            MessageQueue queue = null;
            TopicPublishInfo info = null;
            synchronized (this) {
                if (awaitingRoute.isEmpty() && isReady(route)) {
                    info = route.getNow(null);
                    try {
                        queue = send.pin().pick(queuesToMapOver(info));
                    } catch (MQValidationException invalid) {
                        send.fail(invalid);
                        return;
                    }
                    target = queues.computeIfAbsent(queue, QueueLane::new);
                } else {
                    awaitingRoute.add(send);
                    if (awaitingRoute.size() == 1) {
                        route.whenComplete(this::routeSettled);
                    }
                    // the route may take longer than this send may wait: then it leaves the line, not sent
                    Deadline.within(route, send.millisLeft(), timer, send::routeTimeout).whenComplete((ready, error) -> {
                        if (error != null) {
                            leaveLine(send, error);
                        }
                    });
                }
            }
            if (target != null) {
                target.enter(send, info);
            }
        }

        /** The route arrived (or its lookup failed): everyone waiting goes on, in the order they came. */
        private void routeSettled(TopicPublishInfo info, Throwable error) {
            synchronized (this) {
                // queue entries happen under this lock, so sends submitted meanwhile stay behind these
                while (!awaitingRoute.isEmpty()) {
                    Placed send = awaitingRoute.poll();
                    if (error != null) {
                        send.fail(asFailure(Failures.unwrap(error)));
                        continue;
                    }
                    MessageQueue queue;
                    try {
                        queue = send.pin().pick(queuesToMapOver(info));
                    } catch (MQValidationException invalid) {
                        send.fail(invalid);
                        continue;
                    }
                    queues.computeIfAbsent(queue, QueueLane::new).enter(send, info);
                }
            }
        }

        /**
         * The queues to map keys over: the route's, except while the route has only lost queues since the last
         * mapping (a broker is down, or left the route for a moment): then the last list, so that no key moves to
         * another queue because its broker is briefly gone. Sends to the missing broker's queues fail, by their kind,
         * until it is back, for at most {@link #SHRUNK_ROUTE_GRACE_NANOS}; a broker gone longer is taken as removed
         * and its keys are mapped over the queues left. A route that gained or changed queues is a new mapping.
         */
        private List<MessageQueue> queuesToMapOver(TopicPublishInfo info) {
            List<MessageQueue> current = info.queues();
            boolean onlyLost = mappedOver != null && mappedOver.containsAll(current) && !mappedOver.equals(current);
            if (!onlyLost) {
                mappedOver = current;
                shrunkSince = 0;
            } else if (shrunkSince == 0) {
                shrunkSince = System.nanoTime() | 1; // never 0 once set
            } else if (System.nanoTime() - shrunkSince > SHRUNK_ROUTE_GRACE_NANOS) {
                mappedOver = current;
                shrunkSince = 0;
            }
            return mappedOver;
        }

        /** A send that is still waiting for the route fails with why it cannot wait longer. */
        private void leaveLine(Placed send, Throwable error) {
            boolean waited;
            synchronized (this) {
                waited = awaitingRoute.remove(send);
            }
            if (waited) {
                send.fail(asFailure(Failures.unwrap(error)));
            }
        }
    }

    private static MQException asFailure(Throwable error) {
        return error instanceof MQException known ? known
                : new MQNotSentException("no route: " + error, null, error);
    }

    /** One queue's line: one send in flight, the others waiting, in order. */
    private static final class QueueLane {

        private final MessageQueue queue;

        private final ArrayDeque<Placed> waiting = new ArrayDeque<>();

        private TopicPublishInfo route;

        private boolean busy;

        QueueLane(MessageQueue queue) {
            this.queue = queue;
        }

        void enter(Placed send, TopicPublishInfo info) {
            synchronized (this) {
                route = info;
                if (busy) {
                    waiting.add(send);
                    return;
                }
                busy = true;
            }
            drain(send);
        }

        /** Starts {@code first}, then each next one that ends while it is being started (a failure at once). */
        private void drain(Placed first) {
            Placed next = first;
            while (next != null) {
                TopicPublishInfo info;
                synchronized (this) {
                    info = route;
                }
                boolean expired = next.millisLeft() <= 0;
                Start start = new Start();
                // one whose time ran out while it waited was never written: its chain reports it as not sent
                next.start(queue, info, expired ? NOTHING : () -> ended(start));
                synchronized (this) {
                    start.returned = true;
                    if (!expired && !start.endedEarly) {
                        return; // in flight: its end starts the next
                    }
                }
                next = pollOrIdle();
            }
        }

        /**
         * A send of this line ended: start the next, unless it ended before its start returned, where the loop in
         * {@link #drain} goes on instead (a loop, not a recursion, however many fail at once).
         */
        private void ended(Start start) {
            synchronized (this) {
                if (!start.returned) {
                    start.endedEarly = true;
                    return;
                }
            }
            Placed next = pollOrIdle();
            if (next != null) {
                drain(next);
            }
        }

        private Placed pollOrIdle() {
            synchronized (this) {
                Placed next = waiting.poll();
                if (next == null) {
                    busy = false;
                }
                return next;
            }
        }
    }

    /** One start of a send, guarded by its line's lock: whether the start returned, and whether it ended before. */
    private static final class Start {

        boolean returned;

        boolean endedEarly;
    }

    private static boolean isReady(CompletableFuture<?> future) {
        return future.isDone() && !future.isCompletedExceptionally();
    }
}
