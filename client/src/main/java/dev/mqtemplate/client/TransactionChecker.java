package dev.mqtemplate.client;

import java.time.Instant;
import java.util.Map;

/**
 * Answers a broker that asks whether a transactional message it holds half-way should be delivered: its local
 * transaction's answer never arrived (END_TRANSACTION lost, the application stopped in between, or UNKNOWN).
 * Typically it looks the transaction up in the database the local transaction wrote to. Runs on the client's
 * handler threads; an exception counts as UNKNOWN (the broker asks again later).
 */
@FunctionalInterface
public interface TransactionChecker {

    /** The decision for {@code message}: COMMIT, ROLLBACK, or UNKNOWN to be asked again. */
    TransactionDecision check(CheckedMessage message) throws Exception;

    /**
     * What the broker asks about.
     *
     * @param topic the message's topic
     * @param msgId its message id (UNIQ_KEY), the one the send returned
     * @param properties its properties, the user's among them
     * @param body its body
     * @param bornAt when the half message was sent: a checker that finds no trace of its transaction can tell one
     *     still running (young) from one that rolled back or never ran (old)
     */
    record CheckedMessage(String topic, String msgId, Map<String, String> properties, byte[] body, Instant bornAt) {
    }
}
