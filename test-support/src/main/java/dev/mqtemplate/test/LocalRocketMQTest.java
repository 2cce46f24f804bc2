package dev.mqtemplate.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs a {@code @SpringBootTest} against a real Apache RocketMQ 5.3.3 on 127.0.0.1 (name server and brokers in
 * child JVMs, no Docker), with nothing to configure: the auto-configured {@code MQTemplate} connects to it through an
 * {@code MQConnectionDetails} bean, which wins over {@code mq.name-server}.
 *
 * <p>The cluster starts on first use (about 10 to 15 s) and is shared by every test class of the test JVM that asks
 * for the same options; it is killed when the JVM ends. The context gets three beans: the {@code LocalRocketMQ}
 * (addresses, brokers to kill or restart), {@link TopicMessages} (read back what a topic holds, decoded, and wait for
 * a count) and the {@code MQConnectionDetails}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @LocalRocketMQTest
 * class OrderEventsTests {
 *     @Autowired MQTemplate template;
 *     @Autowired TopicMessages messages;
 *
 *     @Test
 *     void sends() {
 *         template.send("orders:created", "hello".getBytes(StandardCharsets.UTF_8));
 *         assertThat(messages.awaitBodies("orders", 1)).containsExactly("hello");
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(LocalRocketMQContextCustomizerFactory.class)
public @interface LocalRocketMQTest {

    /** Number of brokers (masters, named {@code broker-a}, {@code broker-b}, ...), default 1. */
    int brokers() default 1;

    /**
     * Whether the brokers run the timer wheel, default {@code true}: delayed and deliver-at messages wait on it and can
     * be recalled. {@code false} gives brokers that refuse them ({@code SYSTEM_ERROR}, "accurate timer message is not
     * enabled"), as a production broker with {@code timerWheelEnable=false} would.
     */
    boolean timerWheel() default true;
}
