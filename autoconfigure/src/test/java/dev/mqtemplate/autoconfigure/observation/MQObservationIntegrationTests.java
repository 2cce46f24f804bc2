package dev.mqtemplate.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.autoconfigure.metrics.MQMetricsAutoConfiguration;
import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.ReplyMessage;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.TransactionDecision;
import dev.mqtemplate.client.TransactionResult;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalResponder;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Sends observed with Boot's tracing auto-configuration (micrometer-tracing, OpenTelemetry bridge) against a real
 * broker: the W3C traceparent is stored with the message and the official consumer reads back the sending span's
 * trace id.
 */
@ExtendWith(LocalRocketMQExtension.class)
class MQObservationIntegrationTests {

    /** version 00, 32 hex trace id, 16 hex parent (span) id, flags: W3C Trace Context, level 1. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[0-9a-f]");

    private static final AutoConfigurations BOOT = AutoConfigurations.of(
            org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration.class,
            org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
            org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
            org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration.class,
            org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class,
            org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration.class,
            org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration.class,
            MQAutoConfiguration.class, MQMetricsAutoConfiguration.class, MQObservationAutoConfiguration.class);

    private final List<MQSendContext> observed = new CopyOnWriteArrayList<>();

    private ApplicationContextRunner runner(LocalRocketMQ rocketMQ, String... properties) {
        return new ApplicationContextRunner().withConfiguration(BOOT)
                .withPropertyValues("mq.name-server=" + rocketMQ.nameServerAddress(),
                        "management.tracing.sampling.probability=1.0")
                .withPropertyValues(properties)
                .withBean("sendContexts", ObservationHandler.class, () -> new ObservationHandler<MQSendContext>() {

                    @Override
                    public void onStart(MQSendContext context) {
                        observed.add(context);
                    }

                    @Override
                    public boolean supportsContext(Observation.Context context) {
                        return context instanceof MQSendContext;
                    }
                });
    }

    @Test
    void theTraceTestShowsOneTraceIdFromTheSendingSpanToThePropertyTheConsumerReads(LocalRocketMQ rocketMQ) {
        runner(rocketMQ, "mq.template.observation-enabled=true").run(context -> {
            MQTemplate template = context.getBean(MQTemplate.class);
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Observation checkout = Observation.start("checkout", registry);
            SendResult result;
            try (Observation.Scope scope = checkout.openScope()) {
                result = template.send(MQMessage.builder("it_trace").body("traced").property("order", "7").build());
            } finally {
                checkout.stop();
            }

            assertThat(observed).hasSize(1);
            MQSendContext send = observed.get(0);
            Span sendingSpan = spanOf(send);
            Span parentSpan = spanOf(checkout.getContext());
            assertThat(sendingSpan.context().traceId()).hasSize(32).isEqualTo(parentSpan.context().traceId());
            assertThat(sendingSpan.context().spanId()).isNotEqualTo(parentSpan.context().spanId());

            StoredMessage stored = rocketMQ.readMessages("it_trace", 1, Duration.ofSeconds(20)).stream()
                    .filter(m -> m.uniqKey().equals(result.msgId())).findFirst().orElseThrow();
            String traceparent = stored.properties().get("traceparent");
            assertThat(traceparent).as("traceparent the official consumer read").isNotNull();
            Matcher parsed = TRACEPARENT.matcher(traceparent);
            assertThat(parsed.matches()).as(traceparent).isTrue();
            assertThat(parsed.group(1)).isEqualTo(sendingSpan.context().traceId());
            assertThat(parsed.group(2)).isEqualTo(sendingSpan.context().spanId());
            assertThat(stored.properties()).containsEntry("order", "7");
            // the README's tracing section quotes this line
            System.out.println("sending span " + sendingSpan.context().traceId() + "/" + sendingSpan.context().spanId()
                    + ", consumer read traceparent=" + traceparent + " on " + stored.uniqKey());

            // a consumer continues the trace: the propagator reads the stored properties back into a child span
            Propagator propagator = context.getBean(Propagator.class);
            Span consumerSpan = propagator.extract(stored.properties(), Map::get).name("it_trace receive").start();
            try {
                assertThat(consumerSpan.context().traceId()).isEqualTo(sendingSpan.context().traceId());
                assertThat(consumerSpan.context().parentId()).isEqualTo(sendingSpan.context().spanId());
            } finally {
                consumerSpan.end();
            }

            assertThat(send.getContextualName()).isEqualTo("it_trace send");
            assertThat(send.getLowCardinalityKeyValues()).contains(KeyValue.of("mq.topic", "it_trace"),
                    KeyValue.of("mq.destination.kind", "normal"), KeyValue.of("mq.send.mode", "sync"),
                    KeyValue.of("mq.outcome", "SEND_OK"));
            assertThat(send.getHighCardinalityKeyValues()).contains(KeyValue.of("mq.message.id", result.msgId()));
        });
    }

    @Test
    void batchesTransactionalSendsAndRequestReplyCallsAreObservedAndStoreTheirSpansTraceContext(
            LocalRocketMQ rocketMQ) throws Exception {
        String suffix = Long.toString(System.nanoTime());
        String batchTopic = "it_trace_batch_" + suffix;
        String txTopic = "it_trace_tx_" + suffix;
        String requestTopic = "it_trace_request_" + suffix;
        runner(rocketMQ, "mq.template.observation-enabled=true").run(context -> {
            MQTemplate template = context.getBean(MQTemplate.class);
            template.send(requestTopic, "creates the topic".getBytes()); // the responder subscribes to it
            observed.clear();

            BatchSendResult batch = template.sendBatch(List.of(MQMessage.builder(batchTopic).body("b1").build(),
                    MQMessage.builder(batchTopic).body("b2").build(), MQMessage.builder(batchTopic).body("b3").build()));
            TransactionResult transaction = template.sendInTransaction(MQMessage.builder(txTopic).body("tx").build(),
                    half -> TransactionDecision.COMMIT);
            ReplyMessage reply;
            try (LocalResponder responder = rocketMQ.startResponder(requestTopic, Duration.ZERO)) {
                reply = template.sendAndReceive(MQMessage.builder(requestTopic).body("ping").build(),
                        Duration.ofSeconds(30));
            }

            assertThat(observed).extracting(send -> send.kind().tag()).containsExactly("batch", "transactional",
                    "request");
            MQSendContext batchSend = observed.get(0);
            assertThat(batchSend.getLowCardinalityKeyValues()).contains(KeyValue.of("mq.operation", "batch"),
                    KeyValue.of("mq.topic", batchTopic), KeyValue.of("mq.outcome", "SEND_OK"));
            assertThat(batchSend.getHighCardinalityKeyValues()).contains(KeyValue.of("mq.batch.size", "3"));
            List<StoredMessage> batchStored = rocketMQ.readMessages(batchTopic, 3, Duration.ofSeconds(20));
            assertThat(batchStored).hasSize(3).allSatisfy(stored -> assertStoredTraceOf(batchSend, stored));
            assertThat(batchStored).extracting(StoredMessage::uniqKey).containsExactlyInAnyOrderElementsOf(
                    batch.results().stream().map(SendResult::msgId).toList());

            MQSendContext txSend = observed.get(1);
            assertThat(txSend.getLowCardinalityKeyValues()).contains(KeyValue.of("mq.operation", "transactional"),
                    KeyValue.of("mq.outcome", "SEND_OK"));
            assertThat(txSend.getHighCardinalityKeyValues()).contains(KeyValue.of("mq.message.id",
                    transaction.halfMessage().msgId()));
            assertThat(rocketMQ.readMessages(txTopic, 1, Duration.ofSeconds(20))).singleElement()
                    .satisfies(stored -> assertStoredTraceOf(txSend, stored));

            MQSendContext requestSend = observed.get(2);
            assertThat(requestSend.getLowCardinalityKeyValues()).contains(KeyValue.of("mq.operation", "request"),
                    KeyValue.of("mq.outcome", "REPLIED"));
            assertThat(requestSend.getHighCardinalityKeyValues()).contains(KeyValue.of("mq.correlation.id",
                    reply.correlationId()));
            StoredMessage request = rocketMQ.readMessages(requestTopic, 2, Duration.ofSeconds(20)).stream()
                    .filter(stored -> reply.correlationId().equals(stored.properties().get("CORRELATION_ID")))
                    .findFirst().orElseThrow();
            assertStoredTraceOf(requestSend, request);
        });
    }

    /** The stored message carries the traceparent of the observation's span, as the official consumer read it. */
    private static void assertStoredTraceOf(MQSendContext send, StoredMessage stored) {
        Span span = spanOf(send);
        Matcher parsed = TRACEPARENT.matcher(String.valueOf(stored.properties().get("traceparent")));
        assertThat(parsed.matches()).as("traceparent of " + stored.uniqKey()).isTrue();
        assertThat(parsed.group(1)).isEqualTo(span.context().traceId());
        assertThat(parsed.group(2)).isEqualTo(span.context().spanId());
    }

    private static Span spanOf(Observation.Context context) {
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        assertThat(tracing).as("tracing context of " + context.getName()).isNotNull();
        return tracing.getSpan();
    }

    @Test
    void configuredBaggageTravelsInTheW3cBaggageProperty(LocalRocketMQ rocketMQ) {
        runner(rocketMQ, "mq.template.observation-enabled=true", "management.tracing.baggage.remote-fields=tenant")
                .run(context -> {
                    MQTemplate template = context.getBean(MQTemplate.class);
                    Tracer tracer = context.getBean(Tracer.class);
                    ObservationRegistry registry = context.getBean(ObservationRegistry.class);
                    Observation request = Observation.start("request", registry);
                    SendResult result;
                    try (Observation.Scope scope = request.openScope();
                            io.micrometer.tracing.BaggageInScope tenant = tracer.createBaggageInScope("tenant", "acme")) {
                        result = template.send("it_trace_baggage", "with baggage".getBytes());
                    } finally {
                        request.stop();
                    }
                    StoredMessage stored = rocketMQ.readMessages("it_trace_baggage", 1, Duration.ofSeconds(20))
                            .stream().filter(m -> m.uniqKey().equals(result.msgId())).findFirst().orElseThrow();
                    assertThat(stored.properties()).containsKey("traceparent");
                    assertThat(stored.properties().get("baggage")).as(stored.properties().toString())
                            .contains("tenant=acme");
                });
    }

    @Test
    void anObservedSendIsTimedOnceByTheExistingMqSendTimerWithItsOwnTags(LocalRocketMQ rocketMQ) {
        runner(rocketMQ, "mq.template.observation-enabled=true").run(context -> {
            MQTemplate template = context.getBean(MQTemplate.class);
            template.send("it_trace_timer", "one".getBytes());
            template.sendAsync(MQMessage.builder("it_trace_timer").body("two").build()).join();

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // the caller's future completes before the timer is recorded (bookkeeping comes after): wait for it,
            // then make sure nothing more arrives than one record per send
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> meters.find("mq.send").timers().stream().mapToLong(Timer::count).sum() >= 2);
            List<Timer> timers = List.copyOf(meters.find("mq.send").timers());
            assertThat(timers.stream().mapToLong(Timer::count).sum()).isEqualTo(2);
            for (Timer timer : timers) {
                assertThat(timer.getId().getTags()).extracting(tag -> tag.getKey())
                        .containsExactlyInAnyOrder("topic", "broker", "mode", "status", "exception", "template");
            }
            assertThat(meters.find("mq.send.active").meters()).isEmpty();
            assertThat(observed).hasSize(2);
        });
    }

    @Test
    void aRefusedSendEndsItsObservationWithTheError(LocalRocketMQ rocketMQ) {
        runner(rocketMQ, "mq.template.observation-enabled=true").run(context -> {
            MQTemplate template = context.getBean(MQTemplate.class);
            assertThatThrownBy(() -> template.send("bad topic!", "x".getBytes()))
                    .isInstanceOf(MQValidationException.class);
            assertThat(observed).hasSize(1);
            assertThat(observed.get(0).getError()).isInstanceOf(MQValidationException.class);
            assertThat(observed.get(0).getLowCardinalityKeyValues()).contains(KeyValue.of("mq.outcome", "NOT_SENT"));
            // a null message, with a tracer writing its context: refused by validation, not a NullPointerException
            assertThatThrownBy(() -> template.send((MQMessage) null)).isInstanceOf(MQValidationException.class);
            assertThat(observed).hasSize(2);
            assertThat(observed.get(1).getError()).isInstanceOf(MQValidationException.class);
        });
    }

    @Test
    void observationsAreOffByDefaultAndNoTraceContextIsStored(LocalRocketMQ rocketMQ) {
        runner(rocketMQ).run(context -> {
            assertThat(context).doesNotHaveBean(MQObservationProperties.class);
            SendResult result = context.getBean(MQTemplate.class).send("it_trace_off", "plain".getBytes());
            StoredMessage stored = rocketMQ.readMessages("it_trace_off", 1, Duration.ofSeconds(20)).stream()
                    .filter(m -> m.uniqKey().equals(result.msgId())).findFirst().orElseThrow();
            assertThat(stored.properties()).doesNotContainKey("traceparent");
            assertThat(observed).isEmpty();
        });
    }
}
