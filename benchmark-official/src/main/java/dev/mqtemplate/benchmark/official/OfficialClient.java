package dev.mqtemplate.benchmark.official;

import dev.mqtemplate.benchmark.harness.BenchmarkClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * The official {@link DefaultMQProducer} with its default settings (timeouts, retries, compression level 5 over
 * 4 KiB), as an application would use it: a new {@link Message} per send.
 */
final class OfficialClient implements BenchmarkClient {

    private static final String TAGS = "bench";

    private final DefaultMQProducer producer;

    private final String topic;

    OfficialClient(String nameServer, String topic) {
        this.topic = topic;
        this.producer = new DefaultMQProducer("bench_official_producer");
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("bench-" + ProcessHandle.current().pid());
        // its automatic batching (5.1.4+, off by default), with its own defaults, for the batching comparison
        producer.setAutoBatch(Boolean.getBoolean("bench.official.autoBatch"));
        try {
            producer.start();
        } catch (Exception e) {
            throw new IllegalStateException("official producer did not start", e);
        }
    }

    @Override
    public void sendSync(byte[] body) throws Exception {
        SendResult result = producer.send(new Message(topic, TAGS, body));
        if (result.getSendStatus() != SendStatus.SEND_OK) {
            throw new IllegalStateException("send status " + result.getSendStatus());
        }
    }

    @Override
    public void sendAsync(byte[] body, Consumer<Throwable> done) {
        try {
            producer.send(new Message(topic, TAGS, body), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    done.accept(sendResult.getSendStatus() == SendStatus.SEND_OK ? null
                            : new IllegalStateException("send status " + sendResult.getSendStatus()));
                }

                @Override
                public void onException(Throwable e) {
                    done.accept(e);
                }
            });
        } catch (Exception e) {
            done.accept(e);
        }
    }

    @Override
    public boolean supportsBatch() {
        return true;
    }

    @Override
    public void sendBatch(List<byte[]> bodies) throws Exception {
        List<Message> messages = new ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            messages.add(new Message(topic, TAGS, body));
        }
        SendResult result = producer.send(messages);
        if (result.getSendStatus() != SendStatus.SEND_OK) {
            throw new IllegalStateException("send status " + result.getSendStatus());
        }
    }

    @Override
    public void close() {
        producer.shutdown();
    }
}
