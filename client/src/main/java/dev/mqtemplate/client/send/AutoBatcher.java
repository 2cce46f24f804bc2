package dev.mqtemplate.client.send;

import dev.mqtemplate.client.error.BrokerRefusals;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.message.MessageBatchEncoder;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.MessageSysFlag;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.transport.Deadline;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Automatic batching of async sends (see {@link AutoBatching}). Each topic has a lane: up to
 * {@code maxRequestsPerTopic} requests in flight; a message that arrives while they are all busy waits in the lane,
 * and when a request ends, the waiting messages go out as one SEND_BATCH_MESSAGE (up to {@code maxMessages} and
 * {@code maxBytes}). The queue is chosen for the batch as for any send, with fault avoidance and retries, so a lane is
 * per topic rather than per queue.
 *
 * <p>Each message keeps its own future: a stored batch completes message {@code i} with its own id, offset id and
 * queue offset (the batch's first plus {@code i}); a failed one fails every message with the same kind of outcome
 * (not sent, rejected, unknown), each naming its own id. A message whose send timeout runs out while it waits fails
 * as not sent: it never left.
 */
public final class AutoBatcher {

    /** Longer properties go alone: the batch-level ones are added to each stored message of a batch. */
    private static final int MAX_BATCHED_PROPERTIES_LENGTH = 16 * 1024;

    private static final String BATCH_PROPERTIES = MessageProperties.append(new StringBuilder(),
            MessageProperties.WAIT, "true").toString();

    private static final int BATCH_PROPERTIES_LENGTH = MessageProperties.utf8Length(BATCH_PROPERTIES);

    private final MessageSender sender;

    private final AutoBatching settings;

    private final long lingerNanos;

    private final EventExecutorGroup timer;

    private final SendMetrics metrics;

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * @param timer where lingering lanes are flushed (the client's I/O threads)
     */
    public AutoBatcher(MessageSender sender, AutoBatching settings, EventExecutorGroup timer, SendMetrics metrics) {
        this.sender = sender;
        this.settings = settings;
        this.lingerNanos = settings.linger().toNanos();
        this.timer = timer;
        this.metrics = metrics;
    }

    /**
     * Whether a batch can carry {@code message}: single, uncompressed, not delayed or transactional, small enough.
     * The caller checks what only it knows: an async send, no ordering, no timer, waitStoreMsgOk set.
     */
    public boolean accepts(OutgoingMessage message) {
        return !message.batch() && message.delayLevel() == 0
                && (message.sysFlag() & (MessageSysFlag.COMPRESSED | MessageSysFlag.TRANSACTION_PREPARED)) == 0
                && message.propertiesLength() <= MAX_BATCHED_PROPERTIES_LENGTH
                && MessageBatchEncoder.recordLength(message.bodyLength(), message.propertiesLength())
                        <= settings.maxBytes();
    }

    /** Sends {@code message} alone at once, or with others once its topic has a request free; see the class comment. */
    public void submit(OutgoingMessage message, long timeoutMillis, SendOutcome outcome) {
        Lane lane = lanes.computeIfAbsent(message.topic(), Lane::new);
        Waiting waiting = new Waiting(message, Deadline.nanosFromNow(timeoutMillis), outcome, System.nanoTime());
        lane.submit(waiting);
    }

    /** Fails every message still waiting, as not sent; for close, after the sends in flight had their time. */
    public void failWaiting(String why) {
        for (Lane lane : lanes.values()) {
            for (Waiting waiting : lane.drain()) {
                waiting.outcome.failed(new MQNotSentException(why, null, null));
            }
        }
    }

    private record Waiting(OutgoingMessage message, long deadline, SendOutcome outcome, long since) {
    }

    /** One topic's requests in flight and messages waiting; guarded by itself. */
    private final class Lane {

        private final String topic;

        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

        private int waitingBytes;

        private int inFlight;

        private boolean lingerScheduled;

        Lane(String topic) {
            this.topic = topic;
        }

        void submit(Waiting message) {
            List<List<Waiting>> ready;
            synchronized (this) {
                if (waiting.isEmpty() && inFlight < settings.maxRequestsPerTopic() && lingerNanos == 0) {
                    inFlight++;
                    ready = List.of(List.of(message));
                } else {
                    waiting.add(message);
                    waitingBytes += recordLength(message.message());
                    ready = takeReady();
                    if (ready.isEmpty() && lingerNanos > 0 && !lingerScheduled && !waiting.isEmpty()) {
                        lingerScheduled = true;
                        timer.schedule(this::lingerEnded, lingerNanos, TimeUnit.NANOSECONDS);
                    }
                }
            }
            send(ready);
        }

        void requestEnded() {
            List<List<Waiting>> ready;
            synchronized (this) {
                inFlight--;
                ready = takeReady();
            }
            send(ready);
        }

        void lingerEnded() {
            List<List<Waiting>> ready;
            synchronized (this) {
                lingerScheduled = false;
                ready = takeReady();
                if (ready.isEmpty() && !waiting.isEmpty() && inFlight < settings.maxRequestsPerTopic()) {
                    // messages that came during the linger and have not waited it out yet
                    lingerScheduled = true;
                    timer.schedule(this::lingerEnded, lingerNanos, TimeUnit.NANOSECONDS);
                }
            }
            send(ready);
        }

        synchronized List<Waiting> drain() {
            List<Waiting> all = new ArrayList<>(waiting);
            waiting.clear();
            waitingBytes = 0;
            return all;
        }

        /** Batches that may go now, each counted in flight; under the lock. */
        private List<List<Waiting>> takeReady() {
            List<List<Waiting>> ready = List.of();
            while (!waiting.isEmpty() && inFlight < settings.maxRequestsPerTopic() && lingeredEnough()) {
                List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), settings.maxMessages()));
                int bytes = 0;
                while (!waiting.isEmpty() && batch.size() < settings.maxMessages()) {
                    int length = recordLength(waiting.peek().message());
                    if (!batch.isEmpty() && bytes + length > settings.maxBytes()) {
                        break;
                    }
                    bytes += length;
                    batch.add(waiting.poll());
                }
                waitingBytes -= bytes;
                inFlight++;
                if (ready.isEmpty()) {
                    ready = new ArrayList<>(2);
                }
                ready.add(batch);
            }
            return ready;
        }

        /** Without linger, always; with it, once a batch is full or its oldest message has waited the linger. */
        private boolean lingeredEnough() {
            return lingerNanos == 0 || waiting.size() >= settings.maxMessages() || waitingBytes >= settings.maxBytes()
                    || System.nanoTime() - waiting.peek().since() >= lingerNanos;
        }

        private void send(List<List<Waiting>> ready) {
            for (List<Waiting> batch : ready) {
                sendBatch(batch);
            }
        }

        private void sendBatch(List<Waiting> batch) {
            // a message whose time ran out while it waited never left: not sent
            List<Waiting> live = batch;
            for (Waiting message : batch) {
                if (Deadline.millisLeft(message.deadline()) <= 0) {
                    live = new ArrayList<>(batch.size());
                    for (Waiting each : batch) {
                        if (Deadline.millisLeft(each.deadline()) <= 0) {
                            each.outcome().failed(new MQNotSentException("send timeout used up while waiting for "
                                    + "an automatic batch to topic '" + topic + "'", null, null));
                        } else {
                            live.add(each);
                        }
                    }
                    break;
                }
            }
            if (live.isEmpty()) {
                requestEnded();
                return;
            }
            long lingered = System.nanoTime() - live.get(0).since();
            metrics.autoBatchSent(topic, live.size(), lingered);
            if (live.size() == 1) {
                Waiting alone = live.get(0);
                sender.send(alone.message(), null, Deadline.millisLeft(alone.deadline()), new AloneOutcome(this,
                        alone.outcome()));
                return;
            }
            long timeoutMillis = Long.MAX_VALUE;
            List<MessageBatchEncoder.Entry> entries = new ArrayList<>(live.size());
            StringBuilder ids = new StringBuilder(live.size() * 33);
            int longestProperties = 0;
            for (Waiting message : live) {
                OutgoingMessage single = message.message();
                entries.add(new MessageBatchEncoder.Entry(single.body(), single.properties(),
                        single.propertiesLength(), single.flag()));
                ids.append(ids.isEmpty() ? "" : ",").append(single.messageId());
                longestProperties = Math.max(longestProperties, single.propertiesLength());
                timeoutMillis = Math.min(timeoutMillis, Deadline.millisLeft(message.deadline()));
            }
            var body = MessageBatchEncoder.writer(entries);
            OutgoingMessage request = new OutgoingMessage(topic, ids.toString(), BATCH_PROPERTIES,
                    longestProperties + BATCH_PROPERTIES_LENGTH, null, 0, 0, body.length(), body);
            sender.send(request, null, Math.max(1, timeoutMillis), new BatchOutcome(this, live));
        }
    }

    private static int recordLength(OutgoingMessage message) {
        return MessageBatchEncoder.recordLength(message.bodyLength(), message.propertiesLength());
    }

    /** A message that went alone: its outcome is the send's. */
    private record AloneOutcome(Lane lane, SendOutcome outcome) implements SendOutcome {

        @Override
        public void sent(SendReceipt receipt) {
            lane.requestEnded();
            outcome.sent(receipt);
        }

        @Override
        public void written(MessageQueue queue, int attempts) {
            lane.requestEnded();
            outcome.written(queue, attempts);
        }

        @Override
        public void failed(MQException failure) {
            lane.requestEnded();
            outcome.failed(failure);
        }
    }

    /** A batch request: its answer split into one receipt per message, or its failure given to each. */
    private record BatchOutcome(Lane lane, List<Waiting> messages) implements SendOutcome {

        @Override
        public void sent(SendReceipt receipt) {
            lane.requestEnded(); // the next batch goes out before the callbacks run
            String[] offsetIds = receipt.offsetMsgId() == null ? new String[0] : receipt.offsetMsgId().split(",");
            for (int i = 0; i < messages.size(); i++) {
                messages.get(i).outcome().sent(new SendReceipt(receipt.responseCode(),
                        messages.get(i).message().messageId(), i < offsetIds.length ? offsetIds[i] : null,
                        receipt.queue(), receipt.queueOffset() < 0 ? -1 : receipt.queueOffset() + i,
                        receipt.transactionId(), receipt.brokerAddress(), receipt.attempts()));
            }
        }

        @Override
        public void written(MessageQueue queue, int attempts) {
            failed(new MQOutcomeUnknownException("a batch request ended as written without an answer", null, null,
                    null));
        }

        @Override
        public void failed(MQException failure) {
            lane.requestEnded();
            for (Waiting message : messages) {
                message.outcome().failed(forOneMessage(failure, message.message().messageId(), messages.size()));
            }
        }

        /** The batch's failure as one message's: the same kind, naming that message's id where the kind has one. */
        private static MQException forOneMessage(MQException failure, String messageId, int batchSize) {
            String inBatch = " (sent in an automatic batch of " + batchSize + " messages)";
            if (failure instanceof MQOutcomeUnknownException unknown) {
                return new MQOutcomeUnknownException("it went in an automatic batch of " + batchSize
                        + " messages whose outcome is unknown (see the cause)", messageId, unknown.brokerAddress(),
                        unknown);
            }
            if (failure instanceof MQBrokerRejectedException rejected) {
                return BrokerRefusals.copy(rejected);
            }
            if (failure instanceof MQNotSentException notSent
                    && notSent.getClass() == MQNotSentException.class) {
                return new MQNotSentException(notSent.getMessage() + inBatch, notSent.address(), notSent);
            }
            return failure; // a subtype of not sent (closed, invalid on this route): shared, its kind unchanged
        }
    }
}
