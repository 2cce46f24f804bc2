package dev.mqtemplate.client.send;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.RouteCache;
import dev.mqtemplate.client.transport.ChannelPool;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Brings brokers back and takes them out early. A connection that closes unexpectedly isolates its broker at once
 * (without waiting for a send to fail on it); and every probe interval each suspect broker gets a request (a
 * heartbeat, which a hung broker does not answer even though its port still accepts connections): an answer clears
 * its isolation, so a restarted broker is used again within one interval, not after its back-off.
 */
public class BrokerProbe implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final BrokerHealth health;

    private final RouteCache routes;

    private final ChannelPool channels;

    private final HeartbeatSender heartbeat;

    private final ScheduledFuture<?> task;

    public BrokerProbe(BrokerHealth health, RouteCache routes, ChannelPool channels, HeartbeatSender heartbeat,
            EventLoopGroup scheduler, Duration interval) {
        this.health = health;
        this.routes = routes;
        this.channels = channels;
        this.heartbeat = heartbeat;
        channels.onUnexpectedClose(this::connectionLost);
        long period = interval.toMillis();
        this.task = scheduler.next().scheduleWithFixedDelay(this::probeSuspects, period, period, TimeUnit.MILLISECONDS);
    }

    private void connectionLost(String address) {
        String brokerName = routes.brokerNameAt(address);
        if (brokerName != null) {
            health.recordFault(brokerName);
        }
    }

    private void probeSuspects() {
        for (String brokerName : health.suspectBrokers()) {
            String address = routes.brokerAddress(brokerName);
            if (address == null) {
                continue;
            }
            RemotingCommand probe = RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), heartbeat.heartbeatBody());
            channels.acquire(address)
                    .thenCompose(connection -> connection.request(probe, 1000))
                    .whenComplete((answer, error) -> {
                        if (error == null && answer.code() == ResponseCode.SUCCESS) {
                            health.recordSuccess(brokerName);
                        }
                    });
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
