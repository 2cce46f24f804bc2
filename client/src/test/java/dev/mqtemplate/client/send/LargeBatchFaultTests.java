package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.error.MQBatchIncompleteException;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch larger than maxMessageSize goes out as several requests, in order, to one queue: the caller learns which
 * messages are stored when a later request fails, and each message's own result when none does.
 */
class LargeBatchFaultTests {

    /** Small enough that five 100-byte messages need three requests (about 175 encoded bytes each). */
    private static final int MAX_MESSAGE_SIZE = 400;

    private final FaultBench bench = new FaultBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void aLaterRequestRefusedLeavesTheFirstMessagesStoredAndSaysWhich() {
        AtomicInteger batches = new AtomicInteger();
        FakeRemotingServer server = bench.server(request -> null);
        server.script(FakeRoles.nameServerAnd(server, request -> {
            if (request.code() != RequestCode.SEND_BATCH_MESSAGE) {
                return null;
            }
            return batches.incrementAndGet() == 2
                    ? FakeRoles.error(request, ResponseCode.MESSAGE_ILLEGAL, "refused the second request")
                    : FakeRoles.sendOk(request, batches.get() * 10);
        }));
        MQTemplate template = bench.template(server.address(), config -> config.maxMessageSize(MAX_MESSAGE_SIZE));

        MQException failure = FaultBench.failure(template.sendBatchAsync(fiveMessages()), Duration.ofSeconds(5));

        assertThat(failure).isInstanceOf(MQBatchIncompleteException.class);
        MQBatchIncompleteException incomplete = (MQBatchIncompleteException) failure;
        assertThat(incomplete.storedCount()).isEqualTo(2);
        assertThat(incomplete.storedMessageIds()).hasSize(2);
        assertThat(incomplete.failedRequestEnd()).isEqualTo(4);
        assertThat(incomplete.total()).isEqualTo(5);
        assertThat(incomplete.getCause()).isInstanceOf(MQBrokerRejectedException.class);
        assertThat(incomplete.mayHaveBeenStored()).as("retrying all five would store two twice").isTrue();
        assertThat(incomplete).hasMessageContaining("messages 0..1 stored; 2..3 not stored; 4..4 not sent");
        assertThat(batches.get()).as("nothing sent after the refused request").isEqualTo(2);
    }

    @Test
    void aLargeBatchStoredWholeHasAResultPerMessageInOneQueue() {
        FakeRemotingServer server = bench.server(request -> null);
        AtomicInteger offsets = new AtomicInteger();
        server.script(FakeRoles.nameServerAnd(server, request -> request.code() == RequestCode.SEND_BATCH_MESSAGE
                ? FakeRoles.sendOk(request, offsets.getAndAdd(2)) : null));
        MQTemplate template = bench.template(server.address(), config -> config.maxMessageSize(MAX_MESSAGE_SIZE));

        BatchSendResult result = template.sendBatch(fiveMessages());

        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.msgIds()).hasSize(5).doesNotHaveDuplicates();
        assertThat(result.results()).extracting(SendResult::msgId).containsExactlyElementsOf(result.msgIds());
        assertThat(result.results()).extracting(SendResult::queue).containsOnly(result.queue());
        assertThat(result.results()).extracting(SendResult::queueOffset).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(server.requests(RequestCode.SEND_BATCH_MESSAGE)).extracting(request -> request.extField("e"))
                .as("every request to the first one's queue").containsOnly(result.queue().queueId() + "");
    }

    private static List<MQMessage> fiveMessages() {
        List<MQMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(MQMessage.builder("orders").body(new byte[100]).build());
        }
        return messages;
    }
}
