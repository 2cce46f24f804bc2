package dev.mqtemplate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.benchmark.stub.StubBroker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BootAppRunnerTests {

    private static final String TOPIC = "stub_topic";

    @Test
    void startsTheBootAppMeteredIntoPrometheusAndSendsThroughItsTemplate() throws Exception {
        try (StubBroker stub = StubBroker.start()) {
            MQTemplateClient client = BootAppRunner.start(stub.address(), TOPIC);
            try {
                client.sendSync(new byte[1024]);
                CompletableFuture<Throwable> async = new CompletableFuture<>();
                client.sendAsync(new byte[1024], async::complete);
                client.sendBatch(List.of(new byte[16], new byte[16]));

                assertThat(async.get()).isNull();
                // the start-up probe, then the sync, async and batch requests
                assertThat(stub.sendsAnswered()).isEqualTo(4);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void refusesToStartWhenTheRegistryIsNotPrometheus() {
        try (StubBroker stub = StubBroker.start()) {
            assertThatThrownBy(() -> BootAppRunner.start(stub.address(), TOPIC,
                    "--management.prometheus.metrics.export.enabled=false"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not a PrometheusMeterRegistry");
            assertThat(stub.sendsAnswered()).isZero();
        }
    }

    @Test
    void refusesToStartWhenSendsAreNotRecorded() {
        try (StubBroker stub = StubBroker.start()) {
            // a meter filter that denies mq.*: the registry is Prometheus, but mq.send never reaches it
            assertThatThrownBy(() -> BootAppRunner.start(stub.address(), TOPIC, "--management.metrics.enable.mq=false"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was not recorded as mq.send");
            assertThat(stub.sendsAnswered()).isEqualTo(1);
        }
    }
}
