package dev.mqtemplate.sample;

import dev.mqtemplate.autoconfigure.transaction.JdbcTransactionLog;
import dev.mqtemplate.autoconfigure.transaction.MQTransactionChecker;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order events' transaction log: {@link OrderService}'s transactions write a row per event, and the broker's
 * check-back (should the application stop between a commit and the event's end) is answered from it.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsConfiguration {

    @Bean
    @MQTransactionChecker(topics = OrderService.TOPIC)
    JdbcTransactionLog orderEventsLog(DataSource dataSource) {
        return new JdbcTransactionLog(dataSource);
    }
}
