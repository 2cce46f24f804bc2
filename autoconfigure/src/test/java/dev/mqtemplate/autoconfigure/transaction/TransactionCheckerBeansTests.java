package dev.mqtemplate.autoconfigure.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.TransactionChecker;
import dev.mqtemplate.client.TransactionDecision;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Checker beans reach the template by their annotation, and a checker that cannot be reached stops the start-up.
 * (That a registered checker answers the broker is shown against a real broker in {@code TransactionIntegrationTests}
 * of the client and {@link SpringTransactionIntegrationTests}.)
 */
class TransactionCheckerBeansTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class, MQTransactionAutoConfiguration.class))
            .withPropertyValues("mq.name-server=127.0.0.1:9876");

    @Test
    void annotatedCheckersStartAndATransactionalSenderIsThere() {
        runner.withUserConfiguration(TwoCheckers.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MQTransactionalSender.class);
        });
    }

    @Test
    void aCheckerWithoutItsAnnotationStopsTheStartUpNamingTheBean() {
        runner.withBean("lonelyChecker", TransactionChecker.class, () -> message -> TransactionDecision.COMMIT)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("'lonelyChecker'").hasMessageContaining("@MQTransactionChecker"));
    }

    @Test
    void twoCheckersForOneTopicStopTheStartUp() {
        runner.withUserConfiguration(TwoCheckers.class, SameTopicAgain.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("'payments'").hasMessageContaining("has a transaction checker already"));
    }

    @Test
    void aPropertyWithoutAValueStopsTheStartUp() {
        runner.withUserConfiguration(PropertyWithoutValue.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("names property 'kind' without a value"));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoCheckers {

        @Bean
        @MQTransactionChecker(topics = {"orders", "payments"})
        TransactionChecker ordersChecker() {
            return message -> TransactionDecision.COMMIT;
        }

        @Bean
        @MQTransactionChecker(property = "kind", value = "refund")
        TransactionChecker refundsChecker() {
            return message -> TransactionDecision.ROLLBACK;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SameTopicAgain {

        @Bean
        @MQTransactionChecker(topics = "payments")
        TransactionChecker paymentsChecker() {
            return message -> TransactionDecision.UNKNOWN;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PropertyWithoutValue {

        @Bean
        @MQTransactionChecker(property = "kind")
        TransactionChecker kindChecker() {
            return message -> TransactionDecision.UNKNOWN;
        }
    }
}
