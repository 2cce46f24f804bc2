package dev.mqtemplate.client;

import dev.mqtemplate.client.route.MessageQueue;
import java.util.List;

/**
 * What the broker answered to a stored batch. The messages of a batch are stored together, in the order given, in one
 * queue at consecutive offsets.
 *
 * @param status how the batch was stored
 * @param msgIds the message ids (UNIQ_KEY), one per message, in the order given: the ids consumers see
 * @param offsetMsgIds the broker's offset message ids, one per message
 * @param queue the queue the batch was stored in
 * @param firstQueueOffset the offset of the first message in that queue; the others follow it
 * @param attempts how many requests it took (1 unless earlier attempts failed and were retried)
 */
public record BatchSendResult(SendStatus status, List<String> msgIds, List<String> offsetMsgIds, MessageQueue queue,
        long firstQueueOffset, int attempts) {

    public BatchSendResult {
        msgIds = List.copyOf(msgIds);
        offsetMsgIds = List.copyOf(offsetMsgIds);
    }
}
