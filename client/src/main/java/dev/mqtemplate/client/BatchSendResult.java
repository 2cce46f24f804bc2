package dev.mqtemplate.client;

import dev.mqtemplate.client.route.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * What the broker answered to a stored batch. The messages of a batch are stored in the order given, in one queue;
 * a batch that fits one request is stored at consecutive offsets, one sent as several requests (too large for one)
 * at increasing offsets, other producers' messages possibly in between.
 *
 * @param status how the batch was stored (the first status other than SEND_OK among its requests, if any)
 * @param msgIds the message ids (UNIQ_KEY), one per message, in the order given: the ids consumers see
 * @param offsetMsgIds the broker's offset message ids, one per message
 * @param queue the queue the batch was stored in
 * @param firstQueueOffset the offset of the first message in that queue
 * @param attempts how many requests it took (1 for a batch that fits one request, unless it was retried)
 * @param results one result per message, in the order given: its id, offset id, queue and offset
 */
public record BatchSendResult(SendStatus status, List<String> msgIds, List<String> offsetMsgIds, MessageQueue queue,
        long firstQueueOffset, int attempts, List<SendResult> results) {

    public BatchSendResult {
        msgIds = List.copyOf(msgIds);
        offsetMsgIds = List.copyOf(offsetMsgIds);
        results = List.copyOf(results);
    }

    /** The result of a batch stored by one request: its messages at consecutive offsets. */
    public BatchSendResult(SendStatus status, List<String> msgIds, List<String> offsetMsgIds, MessageQueue queue,
            long firstQueueOffset, int attempts) {
        this(status, msgIds, offsetMsgIds, queue, firstQueueOffset, attempts,
                perMessage(status, msgIds, offsetMsgIds, queue, firstQueueOffset, attempts));
    }

    /** Joins the results of the requests a large batch was sent as, in order. */
    static BatchSendResult joined(List<BatchSendResult> requests) {
        List<String> ids = new ArrayList<>();
        List<String> offsetIds = new ArrayList<>();
        List<SendResult> results = new ArrayList<>();
        SendStatus status = SendStatus.SEND_OK;
        int attempts = 0;
        for (BatchSendResult request : requests) {
            ids.addAll(request.msgIds());
            offsetIds.addAll(request.offsetMsgIds());
            results.addAll(request.results());
            attempts += request.attempts();
            if (status == SendStatus.SEND_OK) {
                status = request.status();
            }
        }
        BatchSendResult first = requests.get(0);
        return new BatchSendResult(status, ids, offsetIds, first.queue(), first.firstQueueOffset(), attempts, results);
    }

    private static List<SendResult> perMessage(SendStatus status, List<String> msgIds, List<String> offsetMsgIds,
            MessageQueue queue, long firstQueueOffset, int attempts) {
        List<SendResult> results = new ArrayList<>(msgIds.size());
        for (int i = 0; i < msgIds.size(); i++) {
            results.add(new SendResult(status, msgIds.get(i), i < offsetMsgIds.size() ? offsetMsgIds.get(i) : null,
                    queue, firstQueueOffset < 0 ? -1 : firstQueueOffset + i, null, attempts));
        }
        return results;
    }
}
