package dev.mqtemplate.autoconfigure.health;

import dev.mqtemplate.client.ClientStatus;
import dev.mqtemplate.client.MQTemplate;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when a name server answers a route request and the template is open; DOWN with the reason otherwise. The check
 * waits at most {@link #DEFAULT_TIMEOUT}, so it never holds the health endpoint for long. Details: name servers,
 * cached topics, open connections per address, and brokers that fault avoidance skips right now, if any.
 */
public class MQHealthIndicator extends AbstractHealthIndicator {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final MQTemplate template;

    private final Duration timeout;

    public MQHealthIndicator(MQTemplate template, Duration timeout) {
        super("RocketMQ health check failed");
        this.template = template;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        ClientStatus status = template.status();
        builder.withDetail("nameServers", status.nameServers())
                .withDetail("cachedTopics", status.cachedTopics().size())
                .withDetail("connections", status.openConnections());
        if (!status.isolatedBrokers().isEmpty()) {
            builder.withDetail("isolatedBrokers", status.isolatedBrokers());
        }
        if (template.isClosed()) {
            builder.down().withDetail("error", "MQTemplate is closed");
            return;
        }
        try {
            status.checkNameServers().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up();
        } catch (ExecutionException | CompletionException e) {
            builder.down().withDetail("error", String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            builder.down().withDetail("error", "no name server answered within " + timeout.toMillis() + " ms");
        }
    }
}
