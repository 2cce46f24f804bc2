package dev.mqtemplate.client;

/** What becomes of a transactional message once its local transaction has run. */
public enum TransactionDecision {
    /** The broker delivers the message. */
    COMMIT,
    /** The broker discards the message. */
    ROLLBACK,
    /** Not decided yet: the broker asks the producer group later (check-back). */
    UNKNOWN
}
