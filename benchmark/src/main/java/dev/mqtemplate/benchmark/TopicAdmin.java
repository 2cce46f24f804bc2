package dev.mqtemplate.benchmark;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.route.TopicRoute;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates the benchmark topic on a real broker before any client runs, so every client finds the same layout (and
 * none pays for auto-creation): UPDATE_AND_CREATE_TOPIC on the broker, then waits until the name server routes it.
 */
final class TopicAdmin {

    private static final int UPDATE_AND_CREATE_TOPIC = 17;

    private TopicAdmin() {
    }

    static void createTopic(String brokerAddress, String nameServer, String topic, int queues) {
        createTopic(brokerAddress, nameServer, topic, queues, null);
    }

    /** As {@link #createTopic(String, String, String, int)}, over TLS with {@code tls} unless it is null. */
    static void createTopic(String brokerAddress, String nameServer, String topic, int queues,
            io.netty.handler.ssl.SslContext tls) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("topic", topic);
        header.put("defaultTopic", "TBW102");
        header.put("readQueueNums", Integer.toString(queues));
        header.put("writeQueueNums", Integer.toString(queues));
        header.put("perm", "6");
        header.put("topicFilterType", "SINGLE_TAG");
        header.put("topicSysFlag", "0");
        header.put("order", "false");
        RemotingCommand created = RemotingCall.call(brokerAddress,
                RemotingCommand.request(UPDATE_AND_CREATE_TOPIC, header, null), Duration.ofSeconds(10), tls);
        if (created.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("creating topic " + topic + " failed: " + created);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            RemotingCommand route = RemotingCall.call(nameServer, RemotingCommand.request(
                    RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic), null), Duration.ofSeconds(5), tls);
            if (route.code() == ResponseCode.SUCCESS
                    && TopicRoute.parse(route.body()).writableQueues(topic, Integer.MAX_VALUE).size() == queues) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("the name server does not route topic " + topic + " with " + queues + " queues");
    }
}
