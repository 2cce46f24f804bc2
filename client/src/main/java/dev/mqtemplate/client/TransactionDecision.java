package dev.mqtemplate.client;

import dev.mqtemplate.client.send.TransactionEnd;

/** What becomes of a transactional message once its local transaction has run. */
public enum TransactionDecision {
    /** The broker delivers the message. */
    COMMIT,
    /** The broker discards the message. */
    ROLLBACK,
    /** Not decided yet: the broker asks the producer group later (check-back). */
    UNKNOWN;

    /** The {@code commitOrRollback} value of END_TRANSACTION that carries this decision. */
    int commitOrRollback() {
        return switch (this) {
            case COMMIT -> TransactionEnd.COMMIT;
            case ROLLBACK -> TransactionEnd.ROLLBACK;
            case UNKNOWN -> TransactionEnd.UNKNOWN;
        };
    }
}
