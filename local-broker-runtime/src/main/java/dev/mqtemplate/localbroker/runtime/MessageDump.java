package dev.mqtemplate.localbroker.runtime;

import com.alibaba.fastjson.JSON;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.message.MessageClientExt;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Reads back what the broker stored, with the official consumer, and prints each message as one JSON line. Arguments:
 * name server address, topic, minimum number of messages to wait for, budget in milliseconds. The body is printed as
 * the official client decodes it (decompressed), in Base64. The last line is {@code {"done":N}}.
 *
 * <p>Two more arguments make it a read at a given time: the epoch milliseconds to start reading at, and how late the
 * read may start. It starts the consumer and looks the topic up first, then waits for that time; a read that cannot
 * start in time prints {@code {"late":ms}} instead of reading, since what it would find proves nothing about that
 * time.
 */
@SuppressWarnings("deprecation") // the pull consumer is the simplest way to read a whole topic from offset 0
public final class MessageDump {

    private MessageDump() {
    }

    public static void main(String[] args) throws Exception {
        String nameServer = args[0];
        String topic = args[1];
        int expected = Integer.parseInt(args[2]);
        long deadline = System.currentTimeMillis() + Long.parseLong(args[3]);
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer("local-broker-reader-" + System.nanoTime(),
                AdminHook.fromEnvironment());
        consumer.setNamesrvAddr(nameServer);
        consumer.start();
        try {
            if (args.length > 5) {
                long readAt = Long.parseLong(args[4]);
                long lateness = Long.parseLong(args[5]);
                consumer.fetchSubscribeMessageQueues(topic); // route and connection ready before the time comes
                long wait = readAt - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long late = System.currentTimeMillis() - readAt;
                if (late > lateness) {
                    System.out.println("{\"late\":" + late + "}");
                    System.out.flush();
                    return;
                }
            }
            List<MessageExt> read = readAll(consumer, topic, expected, deadline);
            for (MessageExt message : read) {
                System.out.println(JSON.toJSONString(describe(message)));
            }
            System.out.println("{\"done\":" + read.size() + "}");
            System.out.flush();
        } finally {
            consumer.shutdown();
        }
    }

    private static List<MessageExt> readAll(DefaultMQPullConsumer consumer, String topic, int expected, long deadline)
            throws Exception {
        List<MessageExt> read;
        do {
            read = new ArrayList<>();
            Set<MessageQueue> queues = consumer.fetchSubscribeMessageQueues(topic);
            for (MessageQueue queue : queues) {
                long offset = 0;
                while (true) {
                    PullResult result = consumer.pull(queue, "*", offset, 64);
                    if (result.getPullStatus() != PullStatus.FOUND) {
                        break;
                    }
                    read.addAll(result.getMsgFoundList());
                    offset = result.getNextBeginOffset();
                }
            }
            if (read.size() >= expected) {
                break;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        return read;
    }

    private static Map<String, Object> describe(MessageExt message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", message.getTopic());
        json.put("brokerName", message.getBrokerName());
        json.put("queueId", message.getQueueId());
        json.put("queueOffset", message.getQueueOffset());
        json.put("tags", message.getTags());
        json.put("keys", message.getKeys());
        json.put("uniqKey", message.getProperty("UNIQ_KEY"));
        // the client-side subtype answers getMsgId() with the UNIQ_KEY and keeps the offset id apart
        boolean clientExt = message instanceof MessageClientExt;
        json.put("msgId", message.getMsgId());
        json.put("offsetMsgId", clientExt ? ((MessageClientExt) message).getOffsetMsgId() : message.getMsgId());
        json.put("bornTimestamp", message.getBornTimestamp());
        json.put("storeTimestamp", message.getStoreTimestamp());
        json.put("sysFlag", message.getSysFlag());
        json.put("flag", message.getFlag());
        json.put("reconsumeTimes", message.getReconsumeTimes());
        json.put("bornHost", String.valueOf(message.getBornHost()));
        json.put("properties", new TreeMap<>(message.getProperties()));
        json.put("body", Base64.getEncoder().encodeToString(message.getBody() == null ? new byte[0] : message.getBody()));
        return json;
    }
}
