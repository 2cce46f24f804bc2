package dev.mqtemplate.autoconfigure.transaction;

/** What {@link MQTransactionalSender} does when it is called with no Spring transaction active. */
public enum OutsideTransaction {

    /** Refuse with {@link org.springframework.transaction.IllegalTransactionStateException}: nothing is sent. */
    REFUSE,

    /** Send the message as a plain message, delivered at once: for code that runs both inside and outside. */
    SEND_PLAIN
}
