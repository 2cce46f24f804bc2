package dev.mqtemplate.client;

import dev.mqtemplate.client.send.SendReceipt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transactional message the broker has stored half-way, invisible to consumers until it is ended:
 * {@link #commit()} delivers it, {@link #rollback()} discards it. It ends once. A half message that is never ended
 * (the application stopped, END_TRANSACTION was lost) is settled by the broker's check-back, which asks the
 * producer group's {@link TransactionChecker}.
 *
 * <p>{@link MQTemplate#sendInTransaction} ends it for you around a local transaction; take a half message
 * ({@link MQTemplate#sendHalfMessage}) when something else decides when, such as a Spring transaction's completion.
 */
public final class HalfMessage {

    private final MQTemplate template;

    private final SendReceipt receipt;

    private final SendResult sendResult;

    private final AtomicBoolean ended = new AtomicBoolean();

    HalfMessage(MQTemplate template, SendReceipt receipt, SendResult sendResult) {
        this.template = template;
        this.receipt = receipt;
        this.sendResult = sendResult;
    }

    /** What the broker answered to the half message; its {@code msgId} is the id consumers will see. */
    public SendResult sendResult() {
        return sendResult;
    }

    /** Tells the broker to deliver the message. */
    public TransactionResult commit() {
        return end(TransactionDecision.COMMIT, null);
    }

    /** Tells the broker to discard the message. */
    public TransactionResult rollback() {
        return end(TransactionDecision.ROLLBACK, null);
    }

    /**
     * Writes END_TRANSACTION with {@code decision} to the broker that stored the half message, within the send
     * timeout. UNKNOWN leaves the message to the broker's check-back. A failure to write is not thrown: the result
     * says so ({@link TransactionResult#endDelivered()} false) and the check-back settles the message.
     *
     * @param reason why, for the broker's log (for example the local transaction's failure); may be null
     * @throws IllegalStateException if this half message was ended already
     */
    public TransactionResult end(TransactionDecision decision, String reason) {
        java.util.Objects.requireNonNull(decision, "decision");
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("half message " + sendResult.msgId() + " was ended already");
        }
        return template.endTransaction(receipt, sendResult, decision, reason);
    }

    /** Whether {@link #end} was called. */
    public boolean isEnded() {
        return ended.get();
    }

    @Override
    public String toString() {
        return "HalfMessage[" + sendResult.msgId() + " on " + sendResult.queue() + (isEnded() ? ", ended]" : "]");
    }
}
