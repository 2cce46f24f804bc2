package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQException;

/**
 * How a transactional send ended.
 *
 * @param halfMessage what the broker answered to the half message
 * @param decision what the local transaction decided (ROLLBACK when it threw)
 * @param endDelivered whether END_TRANSACTION was written to the broker; when false, the broker's check-back settles
 *     the message
 * @param endFailure why END_TRANSACTION could not be written, or {@code null}
 */
public record TransactionResult(SendResult halfMessage, TransactionDecision decision, boolean endDelivered,
        MQException endFailure) {
}
