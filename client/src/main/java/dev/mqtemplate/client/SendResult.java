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
 */
public record SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue, long queueOffset,
        String transactionId, int attempts) {
}
