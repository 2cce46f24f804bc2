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
 * Brings brokers back and takes them out early. A connection that drops requests in flight isolates its broker at
 * once (without waiting for each of them to fail); and every probe interval each broker isolated for connection
 * faults gets a heartbeat: an answer proves the connection works again, so a restarted broker is used again within
 * one interval, not after its back-off. Brokers isolated for timeouts or busy answers are not probed: a heartbeat
 * answer says nothing about a store that hangs, so only a stored message or the end of the back-off brings them back.
 * A probe that gets no answer asks the name servers whether the broker's master moved (automatic master election):
 * if so, routes are refreshed at once and the next probe goes to the new master.
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
            health.recordFault(brokerName, BrokerHealth.FaultKind.CONNECTION);
        }
    }

    private void probeSuspects() {
        for (String brokerName : health.probeClearableBrokers()) {
            String address = routes.brokerAddress(brokerName);
            if (address == null) {
                continue;
            }
            RemotingCommand probe = RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), heartbeat.heartbeatBody());
            channels.acquire(address)
                    .thenCompose(connection -> connection.request(probe, 1000))
                    .whenComplete((answer, error) -> {
                        if (error == null && answer.code() == ResponseCode.SUCCESS) {
                            health.recordProbeAnswered(brokerName);
                        } else {
                            // a dead master may have been replaced by a promoted replica at another address
                            routes.followMaster(brokerName);
                        }
                    });
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
