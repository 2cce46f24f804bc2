package dev.mqtemplate.autoconfigure.transaction;

import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.TransactionChecker;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Registers the application's {@link TransactionChecker} beans with a template being built, each for what its
 * {@link MQTransactionChecker} annotation names. A checker nobody can reach is a mistake found at start-up, not a
 * check answered UNKNOWN in production.
 */
public final class TransactionCheckerBeans {

    private TransactionCheckerBeans() {
    }

    /**
     * Adds every {@link TransactionChecker} bean of {@code beans} to {@code template}.
     *
     * @throws IllegalStateException naming the bean, when one has no annotation, names neither topics nor a
     *     property, names a property without a value, or claims what another checker claims
     */
    public static void register(ListableBeanFactory beans, MQTemplate.Builder template) {
        for (String name : beans.getBeanNamesForType(TransactionChecker.class)) {
            MQTransactionChecker target = beans.findAnnotationOnBean(name, MQTransactionChecker.class);
            if (target == null) {
                throw new IllegalStateException("TransactionChecker bean '" + name + "' does not say which messages "
                        + "it checks: annotate it (or its @Bean method) with @MQTransactionChecker");
            }
            boolean byProperty = !target.property().isEmpty();
            if (target.topics().length == 0 && !byProperty) {
                throw new IllegalStateException("@MQTransactionChecker of bean '" + name
                        + "' names neither topics nor a property");
            }
            if (byProperty && target.value().isEmpty()) {
                throw new IllegalStateException("@MQTransactionChecker of bean '" + name + "' names property '"
                        + target.property() + "' without a value");
            }
            TransactionChecker checker = beans.getBean(name, TransactionChecker.class);
            try {
                for (String topic : target.topics()) {
                    template.transactionChecker(topic, checker);
                }
                if (byProperty) {
                    template.transactionCheckerForProperty(target.property(), target.value(), checker);
                }
            } catch (IllegalStateException e) {
                throw new IllegalStateException("TransactionChecker bean '" + name + "': " + e.getMessage(), e);
            }
        }
    }
}
