package dev.mqtemplate.autoconfigure.transaction;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.MQTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An {@link MQTransactionalSender} for the template, where the application has Spring's transaction support; it
 * writes through the application's {@link TransactionLog} bean when there is exactly one.
 */
@AutoConfiguration(after = MQAutoConfiguration.class)
@ConditionalOnClass({MQTemplate.class, TransactionSynchronizationManager.class})
@ConditionalOnBean(MQTemplate.class)
public class MQTransactionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MQTransactionalSender mqTransactionalSender(MQTemplate template, ObjectProvider<TransactionLog> log) {
        return new MQTransactionalSender(template, log.getIfUnique());
    }
}
