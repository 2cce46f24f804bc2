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
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer("local-broker-reader-" + System.nanoTime());
        consumer.setNamesrvAddr(nameServer);
        consumer.start();
        try {
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
