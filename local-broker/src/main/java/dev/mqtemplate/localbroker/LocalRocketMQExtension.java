package dev.mqtemplate.localbroker;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link LocalRocketMQ} (one NameServer, one Broker) into test and lifecycle
 * methods. The cluster is started once per test JVM, on first use, shared by every test class that uses this
 * extension, and killed when the test run ends.
 *
 * <pre>{@code
 * @ExtendWith(LocalRocketMQExtension.class)
 * class MyIntegrationTests {
 *     @BeforeAll
 *     static void connect(LocalRocketMQ rocketMQ) { ... rocketMQ.nameServerAddress() ... }
 * }
 * }</pre>
 */
public class LocalRocketMQExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalRocketMQExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRocketMQ.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(LocalRocketMQ.class, key -> new Shared(LocalRocketMQ.builder().start()), Shared.class)
                .rocketMQ();
    }

    /** Closes the cluster when JUnit closes the root store at the end of the run. */
    private record Shared(LocalRocketMQ rocketMQ) implements AutoCloseable {
        @Override
        public void close() {
            rocketMQ.close();
        }
    }
}
