package dev.mqtemplate.sample;

import dev.mqtemplate.autoconfigure.transaction.MQTransactionalSender;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.SendResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An order row and its "order placed" event, both or neither: the event is a transactional message that follows
 * this method's database transaction.
 */
@Service
class OrderService {

    static final String TOPIC = "orders_placed";

    private final JdbcTemplate jdbc;

    private final MQTransactionalSender messages;

    OrderService(JdbcTemplate jdbc, MQTransactionalSender messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    /**
     * Saves the order and sends its event; the event is delivered when this transaction commits.
     *
     * @throws OrderDeclinedException when {@code declined}: the transaction rolls back, row and event with it
     */
    @Transactional
    public SendResult place(String orderId, String item, boolean declined) {
        jdbc.update("INSERT INTO orders (id, item) VALUES (?, ?)", orderId, item);
        SendResult event = messages.send(MQMessage.builder(TOPIC).keys(orderId).body(item).build());
        if (declined) {
            throw new OrderDeclinedException(orderId, event.msgId());
        }
        return event;
    }

    /** Thrown to roll an order back, as a failed payment would. */
    static class OrderDeclinedException extends RuntimeException {

        final String msgId;

        OrderDeclinedException(String orderId, String msgId) {
            super("order " + orderId + " declined: rolled back, its event " + msgId + " discarded");
            this.msgId = msgId;
        }
    }
}
