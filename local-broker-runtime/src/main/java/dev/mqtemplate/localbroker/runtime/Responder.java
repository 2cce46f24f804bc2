package dev.mqtemplate.localbroker.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Answers requests as an application built on the official client would: a push consumer of the request topic, and
 * for each request a reply made by {@code MessageUtil.createReplyMessage}, sent with a plain producer. Arguments: name
 * server address, request topic, milliseconds to wait before replying (0 for at once). The reply's body is
 * {@code reply:} followed by the request's body; its property {@code requestUniqKey} is the request's UNIQ_KEY. Prints
 * {@code READY} once consuming, then one line per request: {@code REPLIED <correlation id> <send status>} or
 * {@code REPLY_FAILED <correlation id> <exception>}. Runs until its stdin closes (see {@link ChildMain}).
 */
public final class Responder {

    private Responder() {
    }

    public static void main(String[] args) throws Exception {
        String nameServer = args[0];
        String topic = args[1];
        long delayMillis = Long.parseLong(args[2]);
        DefaultMQProducer producer = new DefaultMQProducer("local-responder-producer-" + System.nanoTime(),
                AdminHook.fromEnvironment());
        producer.setNamesrvAddr(nameServer);
        producer.start();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("local-responder-" + topic, AdminHook.fromEnvironment());
        consumer.setNamesrvAddr(nameServer);
        // a request stored before this consumer got its queues is answered too
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt request : messages) {
                reply(producer, request, delayMillis);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS; // one reply per request, never a redelivery
        });
        consumer.start();
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void reply(DefaultMQProducer producer, MessageExt request, long delayMillis) {
        String correlationId = request.getProperty("CORRELATION_ID");
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            byte[] body = ("reply:" + new String(request.getBody(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            Message reply = MessageUtil.createReplyMessage(request, body);
            reply.putUserProperty("requestUniqKey", request.getProperty("UNIQ_KEY"));
            SendResult result = producer.send(reply, 10_000);
            System.out.println("REPLIED " + correlationId + " " + result.getSendStatus());
        } catch (Exception e) {
            System.out.println("REPLY_FAILED " + correlationId + " " + e);
        }
        System.out.flush();
    }
}
