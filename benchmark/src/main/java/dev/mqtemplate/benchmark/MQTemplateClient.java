package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkClient;
import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.transport.ClientTls;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.SendStatus;
import dev.mqtemplate.client.send.AutoBatching;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link MQTemplate} driven as an application would: a new {@link MQMessage} per send. The template is the bare
 * one ({@link #bare}) or one taken from a Boot application, which then owns it ({@link BootAppRunner}).
 */
final class MQTemplateClient implements BenchmarkClient {

    /** System property: {@code true} turns automatic batching on in the bare client, with its defaults. */
    static final String AUTO_BATCHING = "bench.autoBatching";

    private static final String TAGS = "bench";

    private final MQTemplate template;

    private final String topic;

    private final Runnable closer;

    /**
     * @param closer what {@link #close} runs: closes the template or whatever owns it
     */
    MQTemplateClient(MQTemplate template, String topic, Runnable closer) {
        this.template = template;
        this.topic = topic;
        this.closer = closer;
    }

    /** System property naming the PEM authority of a TLS target; unset for plaintext. Not a {@code tls.*} one. */
    static final String TLS_CA = "bench.tls.ca";

    static String tlsCa() {
        return System.getProperty(TLS_CA);
    }

    private static io.netty.handler.ssl.SslContext trusting(String caFile) {
        try {
            return io.netty.handler.ssl.SslContextBuilder.forClient().trustManager(new java.io.File(caFile)).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot read " + caFile, e);
        }
    }

    /** The bare client: a template of its own with the default settings, no metrics. */
    static MQTemplateClient bare(String nameServer, String topic) {
        MQTemplate template = MQTemplate.create(MQClientConfig.builder().nameServer(nameServer)
                .tls(tlsCa() == null ? null : ClientTls.of(trusting(tlsCa())))
                .producerGroup("bench_mqtemplate_producer")
                .autoBatching(Boolean.getBoolean(AUTO_BATCHING) ? AutoBatching.DEFAULTS : AutoBatching.OFF).build());
        return new MQTemplateClient(template, topic, template::close);
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
        closer.run();
    }
}
