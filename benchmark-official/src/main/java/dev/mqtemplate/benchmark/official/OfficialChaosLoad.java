package dev.mqtemplate.benchmark.official;

import dev.mqtemplate.benchmark.harness.ChaosLoad;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

/**
 * The chaos load ({@link ChaosLoad}) run by the official producer with its defaults. Arguments: name server, topic,
 * seconds, output file.
 */
public final class OfficialChaosLoad implements ChaosLoad.Client {

    private final DefaultMQProducer producer;

    private final String topic;

    private OfficialChaosLoad(DefaultMQProducer producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public static void main(String[] args) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("chaos_official_producer");
        producer.setNamesrvAddr(args[0]);
        producer.setInstanceName("chaos-" + ProcessHandle.current().pid());
        producer.start();
        try {
            ChaosLoad.run(new OfficialChaosLoad(producer, args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } finally {
            producer.shutdown();
        }
        System.out.println("DONE");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    @Override
    public ChaosLoad.Stored send(String body) throws Exception {
        return stored(producer.send(message(body)));
    }

    @Override
    public void sendAsync(String body, BiConsumer<ChaosLoad.Stored, Throwable> done) {
        try {
            producer.send(message(body), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    done.accept(stored(result), null);
                }

                @Override
                public void onException(Throwable e) {
                    done.accept(null, e);
                }
            });
        } catch (Exception e) {
            done.accept(null, e);
        }
    }

    private Message message(String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ChaosLoad.Stored stored(SendResult result) {
        return new ChaosLoad.Stored(result.getMsgId(), result.getMessageQueue().getBrokerName());
    }
}
