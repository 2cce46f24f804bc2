package dev.mqtemplate.client.testsupport;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.TopicRoute;
import dev.mqtemplate.client.transport.ChannelPool;
import dev.mqtemplate.client.transport.ClientResources;
import dev.mqtemplate.client.transport.Connection;
import dev.mqtemplate.client.transport.TransportOptions;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Creates topics on a real local broker with a given number of queues (UPDATE_AND_CREATE_TOPIC), and waits until the
 * name server routes them, so a test's route does not change under it the way an auto-created topic's does.
 */
public final class BrokerTopics {

    private static final int UPDATE_AND_CREATE_TOPIC = 17;

    private BrokerTopics() {
    }

    /** Creates {@code topic} with {@code queues} read and write queues on every broker of the cluster. */
    public static void create(LocalRocketMQ rocketMQ, String topic, int queues) {
        try (ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, new TransportOptions(Duration.ofSeconds(3), 1,
                        16 * 1024 * 1024, HeaderSerialization.JSON))) {
            Map<String, String> header = new LinkedHashMap<>();
            header.put("topic", topic);
            header.put("defaultTopic", "TBW102");
            header.put("readQueueNums", Integer.toString(queues));
            header.put("writeQueueNums", Integer.toString(queues));
            header.put("perm", "6");
            header.put("topicFilterType", "SINGLE_TAG");
            header.put("topicSysFlag", "0");
            header.put("order", "false");
            int expected = 0;
            for (var broker : rocketMQ.brokers()) {
                RemotingCommand answer = call(pool, broker.address(),
                        RemotingCommand.request(UPDATE_AND_CREATE_TOPIC, header, null));
                if (answer.code() != ResponseCode.SUCCESS) {
                    throw new IllegalStateException("creating " + topic + " failed: " + answer);
                }
                expected += queues;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() - deadline < 0) {
                RemotingCommand route = call(pool, rocketMQ.liveNameServerAddress().split(";")[0], RemotingCommand.request(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic), null));
                if (route.code() == ResponseCode.SUCCESS
                        && TopicRoute.parse(route.body()).writableQueues(topic, Integer.MAX_VALUE).size() == expected) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the name server does not route " + topic + " with " + expected + " queues");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RemotingCommand call(ChannelPool pool, String address, RemotingCommand request) {
        try {
            Connection connection = pool.acquire(address).get(5, TimeUnit.SECONDS);
            return connection.request(request, 10_000).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(request + " to " + address + " failed", e);
        }
    }
}
