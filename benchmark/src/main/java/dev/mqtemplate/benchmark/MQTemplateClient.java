package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkClient;
import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.SendStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link MQTemplate} with its default settings, as an application would use it: a new {@link MQMessage} per send.
 */
final class MQTemplateClient implements BenchmarkClient {

    private static final String TAGS = "bench";

    private final MQTemplate template;

    private final String topic;

    MQTemplateClient(String nameServer, String topic) {
        this.topic = topic;
        this.template = MQTemplate.create(MQClientConfig.builder().nameServer(nameServer)
                .producerGroup("bench_mqtemplate_producer").build());
    }

    @Override
    public void sendSync(byte[] body) {
        SendResult result = template.send(message(body));
        if (result.status() != SendStatus.SEND_OK) {
            throw new IllegalStateException("send status " + result.status());
        }
    }

    @Override
    public void sendAsync(byte[] body, Consumer<Throwable> done) {
        template.sendAsync(message(body)).whenComplete((result, error) -> done.accept(error != null ? error
                : result.status() == SendStatus.SEND_OK ? null
                : new IllegalStateException("send status " + result.status())));
    }

    @Override
    public boolean supportsBatch() {
        return true;
    }

    @Override
    public void sendBatch(List<byte[]> bodies) {
        List<MQMessage> messages = new ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            messages.add(message(body));
        }
        BatchSendResult result = template.sendBatch(messages);
        if (result.status() != SendStatus.SEND_OK) {
            throw new IllegalStateException("send status " + result.status());
        }
    }

    private MQMessage message(byte[] body) {
        return MQMessage.builder(topic).tags(TAGS).body(body).build();
    }

    @Override
    public void close() {
        template.close();
    }
}
