/**
 * Transactional messages that follow Spring transactions: {@link dev.mqtemplate.autoconfigure.transaction.MQTransactionalSender}
 * sends the half message inside a {@code @Transactional} method and ends it when the transaction completes;
 * {@link dev.mqtemplate.autoconfigure.transaction.MQTransactionChecker} says which messages a
 * {@link dev.mqtemplate.client.TransactionChecker} bean answers the broker's check-back for;
 * {@link dev.mqtemplate.autoconfigure.transaction.JdbcTransactionLog} answers checks from a row the transaction wrote.
 */
package dev.mqtemplate.autoconfigure.transaction;
