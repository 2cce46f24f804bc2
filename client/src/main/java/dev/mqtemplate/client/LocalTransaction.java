package dev.mqtemplate.client;

/**
 * The local work a transactional message depends on, run after the broker has stored the message half-way (not yet
 * visible to consumers). Its answer decides whether consumers ever see the message.
 */
@FunctionalInterface
public interface LocalTransaction {

    /**
     * Runs the local transaction.
     *
     * @param halfMessage what the broker answered to the half message
     * @return COMMIT to deliver the message, ROLLBACK to discard it, UNKNOWN to let the broker's check-back decide
     * @throws Exception counts as ROLLBACK: the caller sees the failure, and a message sent for work that failed
     *     would surprise its consumers
     */
    TransactionDecision execute(SendResult halfMessage) throws Exception;
}
