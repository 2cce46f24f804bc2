package dev.mqtemplate.autoconfigure.transaction;

import dev.mqtemplate.client.HalfMessage;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.TransactionDecision;
import dev.mqtemplate.client.TransactionResult;
import java.lang.System.Logger.Level;
import java.util.Objects;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends transactional messages whose fate follows the Spring transaction of the caller: inside a
 * {@code @Transactional} method, {@link #send} stores the half message at once (a failure throws, so the caller's
 * transaction rolls back), and the message is delivered when the transaction commits and discarded when it rolls
 * back. If the application stops between its commit and the end of the message, the broker's check-back asks the
 * {@link MQTransactionChecker} of the message, which answers from the database: with a {@link TransactionLog} bean
 * ({@link JdbcTransactionLog}), each message's row is written in the same transaction and the check finds it.
 *
 * <pre>{@code
 * @Transactional
 * public void placeOrder(Order order) {
 *     orders.save(order);
 *     messages.send(MQMessage.builder("orders").keys(order.id()).body(order.toJson()).build());
 * }
 * }</pre>
 */
public class MQTransactionalSender {

    private static final System.Logger LOG = System.getLogger(MQTransactionalSender.class.getName());

    private final MQTemplate template;

    private final TransactionLog log;

    /**
     * @param log writes each message's trace in the caller's transaction; null for none (then a crash between
     *     commit and end leaves the answer to a checker of your own)
     */
    public MQTransactionalSender(MQTemplate template, TransactionLog log) {
        this.template = Objects.requireNonNull(template, "template");
        this.log = log;
    }

    /**
     * Sends {@code message} as part of the active Spring transaction; see the class comment.
     *
     * @return the half message's send result: its {@code msgId} is the id consumers will see
     * @throws IllegalTransactionStateException if no Spring transaction is active; nothing is sent
     * @throws dev.mqtemplate.client.error.MQException if the half message was not stored
     */
    public SendResult send(MQMessage message) {
        return send(message, OutsideTransaction.REFUSE);
    }

    /**
     * As {@link #send(MQMessage)}, with what to do outside a transaction: refuse, or send it plainly.
     */
    public SendResult send(MQMessage message, OutsideTransaction outside) {
        Objects.requireNonNull(outside, "outside");
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            if (outside == OutsideTransaction.SEND_PLAIN) {
                return template.send(message);
            }
            throw new IllegalTransactionStateException("no Spring transaction is active, so a transactional message "
                    + "to '" + (message == null ? null : message.topic()) + "' has nothing to follow: send it from a "
                    + "@Transactional method, or pass OutsideTransaction.SEND_PLAIN to send it plainly");
        }
        HalfMessage half = template.sendHalfMessage(message);
        // registered before the log writes, so a failing log write still rolls the half message back
        TransactionSynchronizationManager.registerSynchronization(new EndWithTransaction(half));
        if (log != null) {
            log.record(half.sendResult());
        }
        return half.sendResult();
    }

    /**
     * Ends {@code half} once its transaction has completed: COMMIT after a commit, ROLLBACK after a rollback. Runs
     * on the thread that completed the transaction. An end that cannot be written is logged, not thrown: the
     * transaction is over, and the broker's check-back settles the message. Override to observe the ends; a
     * subclass that does not call this leaves every message to the check-back, as a crash would.
     */
    protected void end(HalfMessage half, TransactionDecision decision) {
        TransactionResult result = half.end(decision, null);
        if (!result.endDelivered()) {
            LOG.log(Level.WARNING, "END_TRANSACTION (" + decision + ") of message " + half.sendResult().msgId()
                    + " not written; the broker's check-back settles it: " + result.endFailure().getMessage());
        }
    }

    /**
     * Ends one half message with its Spring transaction. A completion Spring reports as unknown (a commit the
     * database did not confirm) is left to the check-back, since only the database can say.
     */
    private final class EndWithTransaction implements TransactionSynchronization {

        private final HalfMessage half;

        EndWithTransaction(HalfMessage half) {
            this.half = half;
        }

        @Override
        public void afterCommit() {
            end(half, TransactionDecision.COMMIT);
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_ROLLED_BACK) {
                end(half, TransactionDecision.ROLLBACK);
            } else if (status == STATUS_UNKNOWN) {
                LOG.log(Level.WARNING, "the transaction of message " + half.sendResult().msgId() + " ended in an "
                        + "unknown state; the broker's check-back asks its checker");
            }
        }
    }
}
