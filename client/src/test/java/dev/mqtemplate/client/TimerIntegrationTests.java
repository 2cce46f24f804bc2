package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.RocketMQVersion;
import dev.mqtemplate.localbroker.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Timer messages and recall against a real RocketMQ 5.3.3 broker, read back with the official consumer. Every timer
 * message is sent at once, before any test runs, due in {@link #DUE}: the read at about 1 s and the read after the
 * due time serve every test, so the class waits once, not once per mode.
 */
@ExtendWith(LocalRocketMQExtension.class)
class TimerIntegrationTests {

    private static final Duration DUE = Duration.ofSeconds(3);

    /** The broker rounds a due time down to its timerPrecisionMs (1 s): a message may come up to this much early. */
    private static final long PRECISION_MILLIS = 1000;

    /** How long before the timer messages are sent the early reader's JVM is started. */
    private static final Duration READER_WARM_UP = Duration.ofSeconds(5);

    /** How late the early read may start: it must end its pass well before the earliest delivery. */
    private static final Duration EARLY_READ_LATENESS = Duration.ofMillis(500);

    private static LocalRocketMQ rocketMQ;

    private static MQTemplate template;

    private static String topic;

    /** When the timer messages were sent, epoch ms. */
    private static long sentAt;

    /** The UNIQ_KEY of each message expected to be delivered, by how it was sent. */
    private static final Map<String, String> deliveredIds = new LinkedHashMap<>();

    private static String markerId;

    private static String recalledId;

    private static String recalledAnswer;

    private static SendResult syncResult;

    private static List<StoredMessage> earlyRead;

    /** When the early read started (at the latest {@link #EARLY_READ_LATENESS} later), epoch ms. */
    private static long earlyReadAt;

    /** When every timer message had been sent (and the recall answered), epoch ms. */
    private static long sendsDoneAt;

    private static List<StoredMessage> lateRead;

    @BeforeAll
    static void sendEverything(LocalRocketMQ localRocketMQ) throws InterruptedException {
        // the version matrix (README) also runs this class against other brokers: each test then skips, naming why
        // (an assumption failing here would hide the class from the test report instead)
        unsupported = unsupportedBy(RocketMQVersion.ofServers());
        if (unsupported != null) {
            return;
        }
        rocketMQ = localRocketMQ;
        template = MQTemplate.create(MQClientConfig.builder().nameServer(rocketMQ.nameServerAddress()).build());
        topic = "it_timer_" + System.nanoTime();
        // a message delivered at once: the topic exists, and the early read shows it reads what is there
        markerId = template.send(MQMessage.builder(topic).body("marker").build()).msgId();

        // the reader's JVM takes seconds to start: start it first, have it read 1 s after the timers are sent
        long sendAt = System.currentTimeMillis() + READER_WARM_UP.toMillis();
        earlyReadAt = sendAt + 1000;
        CompletableFuture<List<StoredMessage>> early = CompletableFuture.supplyAsync(() -> rocketMQ.readMessagesAt(
                topic, Instant.ofEpochMilli(earlyReadAt), EARLY_READ_LATENESS));
        Thread.sleep(Math.max(0, sendAt - System.currentTimeMillis()));

        sentAt = System.currentTimeMillis();
        Instant due = Instant.ofEpochMilli(sentAt).plus(DUE);
        syncResult = template.send(timer("sync").delay(DUE).build());
        deliveredIds.put("sync", syncResult.msgId());
        CompletableFuture<SendResult> async = template.sendAsync(timer("async").deliverAt(due).build());
        template.sendOneway(timer("oneway").delay(DUE).build());
        CompletableFuture<Void> onewayAsync = template.sendOnewayAsync(timer("onewayAsync").deliverAt(due).build());
        SendResult toRecall = template.send(timer("recalled").deliverAt(due).build());
        recalledId = toRecall.msgId();
        recalledAnswer = template.recall(topic, toRecall.recallHandle());
        deliveredIds.put("async", async.join().msgId());
        onewayAsync.join();
        sendsDoneAt = System.currentTimeMillis();

        earlyRead = early.join();
    }

    private static String unsupported;

    private static String unsupportedBy(RocketMQVersion version) {
        if (version.major() < 5) {
            return "RocketMQ " + version + " has no timer wheel (5.x only): it ignores TIMER_DELIVER_MS/TIMER_DELAY_MS"
                    + " and stores a timer message for delivery at once";
        }
        return version.atLeast("5.3.2") ? null : "RocketMQ " + version + " has no RECALL_MESSAGE (5.3.2+)";
    }

    @BeforeEach
    void skipWhereUnsupported() {
        assumeTrue(unsupported == null, () -> unsupported);
    }

    @AfterAll
    static void close() {
        if (template != null) { // null when skipped for the broker's version
            template.close();
        }
    }

    @Test
    void timerMessagesOfEveryModeAreNotReadableBeforeTheyAreDue() {
        assertThat(sendsDoneAt).as("every timer message was sent before the early read").isLessThan(earlyReadAt);
        assertThat(earlyReadAt + EARLY_READ_LATENESS.toMillis() - sentAt)
                .as("the early read started before the earliest a message may come")
                .isLessThan(DUE.toMillis() - PRECISION_MILLIS);
        assertThat(earlyRead).extracting(StoredMessage::uniqKey).containsExactly(markerId);
    }

    @Test
    void timerMessagesOfEveryModeAreReadableOnceDue() {
        List<StoredMessage> read = lateRead();

        assertThat(read).extracting(m -> m.properties().get("mode")).contains("sync", "async", "oneway",
                "onewayAsync");
        assertThat(read).extracting(StoredMessage::uniqKey).containsAll(deliveredIds.values());
        for (StoredMessage message : read) {
            if (message.properties().containsKey("mode")) {
                // stored in the topic when the timer fired, not when it was sent
                assertThat(message.storeTimestamp()).as(message.properties().get("mode"))
                        .isGreaterThanOrEqualTo(sentAt + DUE.toMillis() - PRECISION_MILLIS);
            }
        }
    }

    @Test
    void syncTimerSendReturnsTheBrokersRecallHandle() {
        assertThat(syncResult.recallHandle()).isNotBlank();
        assertThat(dev.mqtemplate.client.message.RecallHandle.parse(syncResult.recallHandle()))
                .satisfies(handle -> {
                    assertThat(handle.topic()).isEqualTo(topic);
                    assertThat(handle.messageId()).isEqualTo(syncResult.msgId());
                    assertThat(handle.brokerName()).isEqualTo(syncResult.queue().brokerName());
                });
    }

    @Test
    void recalledMessageIsNeverDeliveredAndTheOneNotRecalledIs() {
        List<StoredMessage> read = lateRead();

        assertThat(recalledAnswer).isEqualTo(recalledId);
        assertThat(read).extracting(StoredMessage::uniqKey).doesNotContain(recalledId).contains(syncResult.msgId());
        assertThat(read).extracting(m -> m.properties().get("mode")).doesNotContain("recalled");
    }

    @Test
    void recallOfADeliveredMessageIsRejectedByTheBroker() {
        lateRead();

        Throwable thrown = catchThrowable(() -> template.recall(topic, syncResult.recallHandle()));

        assertThat(thrown).isInstanceOf(MQBrokerRejectedException.class)
                .hasMessageContaining("code 604").hasMessageContaining("recall failed, timestamp invalid");
        assertThat(((MQBrokerRejectedException) thrown).responseCode()).isEqualTo(604);
    }

    @Test
    void recallWithAGarbageHandleIsRefusedBeforeTheNetwork() {
        Throwable thrown = catchThrowable(() -> template.recall(topic, "not a handle"));

        assertThat(thrown).isExactlyInstanceOf(MQValidationException.class)
                .hasMessageStartingWith("recallHandle 'not a handle' is invalid: must be a handle a broker returned");
    }

    @Test
    void batchOfTimerMessagesIsRefusedBeforeTheNetwork() {
        String batchTopic = topic + "_batch";
        List<MQMessage> batch = List.of(MQMessage.builder(batchTopic).body("b0").delay(DUE).build(),
                MQMessage.builder(batchTopic).body("b1").delay(DUE).build());

        Throwable thrown = catchThrowable(() -> template.sendBatch(batch));

        assertThat(thrown).isExactlyInstanceOf(MQValidationException.class).hasMessage(
                "delay of batch message 0 'PT3S' is invalid: must be null: the broker does not delay batches "
                        + "(it stores their timer properties and delivers at once)");
    }

    private static MQMessage.Builder timer(String mode) {
        return MQMessage.builder(topic).body("timer " + mode).property("mode", mode);
    }

    /** Everything on the topic once every timer message is due: read once, after the due time, by the first caller. */
    private static synchronized List<StoredMessage> lateRead() {
        if (lateRead == null) {
            long wait = sentAt + DUE.toMillis() + 500 - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            // the marker, the four delivered timers; the recalled one was due with them, so it would be here too
            lateRead = new ArrayList<>(rocketMQ.readMessages(topic, 1 + 4, Duration.ofSeconds(30)));
        }
        return lateRead;
    }
}
