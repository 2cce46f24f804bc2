package dev.mqtemplate.autoconfigure.transaction;

import dev.mqtemplate.client.SendResult;

/**
 * Writes, inside the application's transaction, a trace that a transactional message belongs to it, so that a
 * check-back after a crash can tell whether that transaction committed. {@link MQTransactionalSender} calls it
 * right after the half message is stored; {@link JdbcTransactionLog} is the usual one.
 */
@FunctionalInterface
public interface TransactionLog {

    /** Records {@code halfMessage} as part of the current transaction. */
    void record(SendResult halfMessage);
}
