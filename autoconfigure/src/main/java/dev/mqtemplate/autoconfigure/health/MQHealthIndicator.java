package dev.mqtemplate.autoconfigure.health;

import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.route.TopicNotFoundException;
import dev.mqtemplate.client.transport.ChannelPool;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when a name server answers a route request and the template is open; DOWN with the reason otherwise. The check
 * waits at most {@link #DEFAULT_TIMEOUT}, so it never holds the health endpoint for long. Details: name servers,
 * cached topics and open connections per address.
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
        RouteCache routes = template.routeCache();
        builder.withDetail("nameServers", routes.nameServerLookup().addresses())
                .withDetail("cachedTopics", routes.topics().size())
                .withDetail("connections", connections(template.channelPool()));
        if (template.isClosed()) {
            builder.down().withDetail("error", "MQTemplate is closed");
            return;
        }
        try {
            routes.nameServerLookup().lookup(RouteCache.DEFAULT_TOPIC).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof TopicNotFoundException) {
                builder.up(); // a name server answered; it just has no template topic
            } else {
                builder.down().withDetail("error", String.valueOf(e.getCause().getMessage()));
            }
        } catch (TimeoutException e) {
            builder.down().withDetail("error", "no name server answered within " + timeout.toMillis() + " ms");
        }
    }

    private static Map<String, Integer> connections(ChannelPool pool) {
        Map<String, Integer> open = new LinkedHashMap<>();
        for (String address : pool.addresses()) {
            open.put(address, pool.openConnections(address));
        }
        return open;
    }
}
