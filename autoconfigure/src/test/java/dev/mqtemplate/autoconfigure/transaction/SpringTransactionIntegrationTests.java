package dev.mqtemplate.autoconfigure.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.HalfMessage;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.TransactionDecision;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transactional messages that follow Spring transactions, with a real H2 database under
 * {@code DataSourceTransactionManager} and a real RocketMQ 5.3.3 broker, read back with the official consumer.
 */
@ExtendWith(LocalRocketMQExtension.class)
class SpringTransactionIntegrationTests {

    private static final String TOPIC = "it_spring_tx_orders";

    private static final Duration NOT_VISIBLE_WAIT = Duration.ofSeconds(4);

    private ApplicationContextRunner contextFor(LocalRocketMQ rocketMQ, String group) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                        TransactionAutoConfiguration.class, MQAutoConfiguration.class,
                        MQTransactionAutoConfiguration.class))
                .withUserConfiguration(Orders.class)
                .withPropertyValues("mq.name-server=" + rocketMQ.nameServerAddress(), "mq.producer-group=" + group,
                        "mq.heartbeat-interval=1s");
    }

    @Test
    void aMessageSentInACommittedTransactionIsDeliveredAndOneInARolledBackTransactionNever(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ, "it_spring_tx_group").run(context -> {
            OrderService orders = context.getBean(OrderService.class);

            SendResult committed = orders.place("order-1", false);
            Throwable failure = catchThrowable(() -> orders.place("order-2", true));

            assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("payment declined");
            assertThat(orders.count("order-1")).isOne();
            assertThat(orders.count("order-2")).isZero();
            List<StoredMessage> stored = awaitStored(rocketMQ, committed.msgId());
            assertThat(stored).noneMatch(message -> "order-2".equals(message.keys()));
            assertThat(afterFurtherChecks(rocketMQ))
                    .noneMatch(message -> "order-2".equals(message.keys()));
        });
    }

    /**
     * The application "crashes" between the database's commit or rollback and END_TRANSACTION: the sender's end
     * hook drops it. The broker's check-back asks the {@link JdbcTransactionLog}, which answers from the row the
     * transaction wrote: committed, the message is delivered; rolled back, it is discarded.
     */
    @Test
    void aLostEndIsSettledByTheCheckBackFromTheDatabase(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ, "it_spring_tx_crash_group").withUserConfiguration(Crashing.class).run(context -> {
                    OrderService orders = context.getBean(OrderService.class);
                    AnsweringLog log = context.getBean(AnsweringLog.class);

                    SendResult committed = orders.place("order-3", false);
                    Throwable failure = catchThrowable(() -> orders.place("order-4", true));
                    assertThat(failure).hasMessage("payment declined");
                    String rolledBack = log.lastRecorded;

                    assertThat(context.getBean(CrashingSender.class).dropped).hasSize(2);
                    awaitStored(rocketMQ, committed.msgId());
                    awaitAnswer(log, rolledBack, TransactionDecision.ROLLBACK);
                    assertThat(log.answers.get(committed.msgId())).isEqualTo(TransactionDecision.COMMIT);
                    assertThat(afterFurtherChecks(rocketMQ))
                            .noneMatch(message -> message.uniqKey().equals(rolledBack));
                });
    }

    @Test
    void aHalfMessageThatCannotBeStoredFailsTheTransaction(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ, "it_spring_tx_failing_group").run(context -> {
            OrderService orders = context.getBean(OrderService.class);

            Throwable failure = catchThrowable(() -> orders.placeTo("%RETRY%orders", "order-6", false));

            assertThat(failure).isInstanceOf(MQValidationException.class).hasMessageContaining("%RETRY%");
            assertThat(orders.count("order-6")).isZero();
        });
    }

    @Test
    void outsideATransactionItRefusesUnlessToldToSendPlainly(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ, "it_spring_tx_outside_group").run(context -> {
            MQTransactionalSender sender = context.getBean(MQTransactionalSender.class);
            MQMessage message = MQMessage.builder(TOPIC).keys("order-5").body("no transaction").build();

            assertThat(catchThrowable(() -> sender.send(message)))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageContaining("no Spring transaction is active")
                    .hasMessageContaining(TOPIC);
            SendResult plain = sender.send(message, OutsideTransaction.SEND_PLAIN);

            awaitStored(rocketMQ, plain.msgId());
        });
    }

    /** What the topic holds a few check intervals from now (the local broker checks every second). */
    private static List<StoredMessage> afterFurtherChecks(LocalRocketMQ rocketMQ) {
        return rocketMQ.readMessagesAt(TOPIC, java.time.Instant.now().plus(NOT_VISIBLE_WAIT), Duration.ofSeconds(30));
    }

    /**
     * What the topic holds once it holds {@code msgId}, exactly once; the tests share the topic, so "at least one
     * message" could be another test's.
     */
    private static List<StoredMessage> awaitStored(LocalRocketMQ rocketMQ, String msgId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<StoredMessage> stored = rocketMQ.readMessages(TOPIC, 1, Duration.ofSeconds(30));
        while (stored.stream().noneMatch(message -> message.uniqKey().equals(msgId)) && System.nanoTime() < deadline) {
            stored = rocketMQ.readMessages(TOPIC, stored.size() + 1, Duration.ofSeconds(5));
        }
        assertThat(stored).filteredOn(message -> message.uniqKey().equals(msgId)).as("stored once: " + msgId)
                .hasSize(1);
        return stored;
    }

    private static void awaitAnswer(AnsweringLog log, String msgId, TransactionDecision expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (log.answers.get(msgId) != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(log.answers.get(msgId)).as("the check-back's answer for " + msgId).isEqualTo(expected);
    }

    @Configuration(proxyBeanMethods = false)
    static class Orders {

        @Bean
        @MQTransactionChecker(topics = TOPIC)
        AnsweringLog transactionLog(DataSource dataSource) {
            AnsweringLog log = new AnsweringLog(dataSource);
            log.createTable();
            return log;
        }

        @Bean
        OrderService orderService(JdbcTemplate jdbc, MQTransactionalSender messages) {
            jdbc.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)");
            return new OrderService(jdbc, messages);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Crashing {

        @Bean
        CrashingSender crashingSender(dev.mqtemplate.client.MQTemplate template, AnsweringLog log) {
            return new CrashingSender(template, log);
        }
    }

    /** A service as an application writes it: the order row and its message in one {@code @Transactional} method. */
    static class OrderService {

        private final JdbcTemplate jdbc;

        private final MQTransactionalSender messages;

        OrderService(JdbcTemplate jdbc, MQTransactionalSender messages) {
            this.jdbc = jdbc;
            this.messages = messages;
        }

        @Transactional
        public SendResult place(String orderId, boolean declined) {
            return placeTo(TOPIC, orderId, declined);
        }

        @Transactional
        public SendResult placeTo(String topic, String orderId, boolean declined) {
            jdbc.update("INSERT INTO orders (id) VALUES (?)", orderId);
            SendResult sent = messages.send(MQMessage.builder(topic).keys(orderId).body("placed " + orderId).build());
            if (declined) {
                throw new IllegalStateException("payment declined");
            }
            return sent;
        }

        int count(String orderId) {
            return jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE id = ?", Integer.class, orderId);
        }
    }

    /** The log, noting what it recorded last and what it answered each check. */
    static class AnsweringLog extends JdbcTransactionLog {

        final Map<String, TransactionDecision> answers = new ConcurrentHashMap<>();

        volatile String lastRecorded;

        AnsweringLog(DataSource dataSource) {
            super(new JdbcTemplate(dataSource), DEFAULT_TABLE, Duration.ofSeconds(2), Clock.systemUTC());
        }

        @Override
        public void record(SendResult halfMessage) {
            lastRecorded = halfMessage.msgId();
            super.record(halfMessage);
        }

        @Override
        public TransactionDecision check(CheckedMessage message) {
            TransactionDecision answer = super.check(message);
            answers.put(message.msgId(), answer);
            return answer;
        }
    }

    /** A sender whose application dies right after each transaction completes: no END_TRANSACTION is written. */
    static class CrashingSender extends MQTransactionalSender {

        final List<String> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();

        CrashingSender(dev.mqtemplate.client.MQTemplate template, AnsweringLog log) {
            super(template, log);
        }

        @Override
        protected void end(HalfMessage half, TransactionDecision decision) {
            dropped.add(half.sendResult().msgId());
        }
    }
}
