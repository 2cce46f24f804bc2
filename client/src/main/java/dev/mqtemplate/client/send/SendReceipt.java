package dev.mqtemplate.client.send;

import dev.mqtemplate.client.route.MessageQueue;

/**
 * A broker's answer to a stored message.
 *
 * @param responseCode 0, or 10/11/12 for stored with a durability step unfinished
 * @param messageId the UNIQ_KEY
 * @param offsetMsgId the broker's offset message id
 * @param queue the queue the broker stored the message in
 * @param queueOffset the offset in that queue
 * @param transactionId the transaction id the broker returned, or null
 * @param brokerAddress the address of the broker
 * @param attempts requests it took
 * @param recallHandle the broker's {@code recallHandle} for a timer message (5.3+), or null
 */
public record SendReceipt(int responseCode, String messageId, String offsetMsgId, MessageQueue queue,
        long queueOffset, String transactionId, String brokerAddress, int attempts, String recallHandle) {

    /** A receipt without a recall handle. */
    public SendReceipt(int responseCode, String messageId, String offsetMsgId, MessageQueue queue,
            long queueOffset, String transactionId, String brokerAddress, int attempts) {
        this(responseCode, messageId, offsetMsgId, queue, queueOffset, transactionId, brokerAddress, attempts, null);
    }
}
