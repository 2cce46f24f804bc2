package dev.mqtemplate.autoconfigure.transaction;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which transactional messages a {@link dev.mqtemplate.client.TransactionChecker} bean answers the broker's
 * check-back for: those sent to one of {@link #topics()}, and those that carry the user property
 * {@link #property()} with the value {@link #value()}, whatever their topic. Put it on the checker's class or on its
 * {@code @Bean} method. The auto-configured template registers every checker bean, and refuses to start when one
 * has no annotation or names nothing, or when two claim the same topic or property value.
 *
 * <pre>{@code
 * @Bean
 * @MQTransactionChecker(topics = "orders")
 * JdbcTransactionLog ordersLog(DataSource dataSource) {
 *     return new JdbcTransactionLog(dataSource);
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MQTransactionChecker {

    /** The topics whose messages this checker answers for. */
    String[] topics() default {};

    /** A user property that marks the messages this checker answers for; with {@link #value()}. */
    String property() default "";

    /** The value of {@link #property()} that marks them. */
    String value() default "";
}
