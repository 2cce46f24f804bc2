package dev.mqtemplate.client;

import dev.mqtemplate.client.route.MessageQueue;

/**
 * What the broker answered to a stored message.
 *
 * @param status how the message was stored
 * @param msgId the message id (UNIQ_KEY), the id consumers see
 * @param offsetMsgId the broker's offset message id (store host, port and commit-log offset)
 * @param queue the queue the message was stored in
 * @param queueOffset the message's offset in that queue
 * @param transactionId the transaction id the broker returned, or null
 * @param attempts how many requests it took (1 unless earlier attempts failed and were retried)
 * @param recallHandle for a timer message stored by a 5.3+ broker, the handle that
 *     {@link MQTemplate#recall(String, String)} cancels it with before it is due; otherwise null
 */
public record SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue, long queueOffset,
        String transactionId, int attempts, String recallHandle) {

    /** A result without a recall handle (no timer message, or a broker older than 5.3). */
    public SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue, long queueOffset,
            String transactionId, int attempts) {
        this(status, msgId, offsetMsgId, queue, queueOffset, transactionId, attempts, null);
    }
}
