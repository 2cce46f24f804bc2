package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQClosedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.FaultBench;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request-reply against a fake broker that pushes replies (PUSH_REPLY_MESSAGE_TO_CLIENT) the way a 5.3.3 broker's
 * ReplyMessageProcessor does: the request's properties, the match by correlation id, the answer to a push, and the
 * ends a real broker cannot be made to show on demand (a rejection, a reply nobody waits for, close).
 */
class RequestReplyTests {

    private final FaultBench bench = new FaultBench();

    private final List<String> events = new CopyOnWriteArrayList<>();

    private final SendMetrics metrics = new SendMetrics() {
        @Override
        public void replyCompleted(String topic, String outcome, long nanos) {
            events.add("reply " + topic + " " + outcome);
        }

        @Override
        public void sendCompleted(String topic, String broker, dev.mqtemplate.client.metrics.SendMode mode,
                String status, Throwable error, long nanos) {
            events.add("send " + status + (error == null ? "" : " " + error.getClass().getSimpleName()));
        }

        @Override
        public void replyDropped(String reason) {
            events.add("dropped " + reason);
        }
    };

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    @Test
    void theRequestCarriesTheReplyPropertiesAfterAHeartbeatAndEachReplyIsMatchedByItsCorrelationId() throws Exception {
        FakeRemotingServer broker = bench.nameServerAndBroker();
        MQTemplate template = template(broker);

        CompletableFuture<ReplyMessage> first = template.sendAndReceiveAsync(request("a"), Duration.ofSeconds(10));
        CompletableFuture<ReplyMessage> second = template.sendAndReceiveAsync(request("b"), Duration.ofSeconds(10));
        List<RemotingCommand> sends = broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 2, Duration.ofSeconds(5));
        Map<String, String> requestA = properties(sends.stream().filter(s -> body(s).equals("a")).findFirst().get());
        Map<String, String> requestB = properties(sends.stream().filter(s -> body(s).equals("b")).findFirst().get());
        // answered the other way round: only the correlation id can pair them
        RemotingCommand answerB = broker.sendToClient(push(requestB, "reply-b")).get(5, TimeUnit.SECONDS);
        RemotingCommand answerA = broker.sendToClient(push(requestA, "reply-a")).get(5, TimeUnit.SECONDS);

        assertThat(new String(first.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8)).isEqualTo("reply-a");
        ReplyMessage replyB = second.get(5, TimeUnit.SECONDS);
        assertThat(new String(replyB.body(), StandardCharsets.UTF_8)).isEqualTo("reply-b");
        assertThat(replyB.correlationId()).isEqualTo(requestB.get("CORRELATION_ID"));
        assertThat(replyB.messageId()).isEqualTo("REPLY-" + requestB.get("UNIQ_KEY"));
        assertThat(replyB.topic()).isEqualTo("DefaultCluster_REPLY_TOPIC");
        assertThat(replyB.bornHost()).isEqualTo("127.0.0.1:5555");
        assertThat(answerA.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(answerB.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(requestA.get("CORRELATION_ID")).isNotBlank().isNotEqualTo(requestB.get("CORRELATION_ID"));
        assertThat(requestA.get("TTL")).isEqualTo("10000");
        // the broker finds the client to push to by the id its heartbeat registered, sent before the request
        List<RemotingCommand> all = broker.requests();
        RemotingCommand heartbeat = all.stream().filter(r -> r.code() == RequestCode.HEART_BEAT).findFirst().get();
        assertThat(all.indexOf(heartbeat)).isLessThan(all.indexOf(sends.get(0)));
        assertThat(new String(heartbeat.body(), StandardCharsets.UTF_8))
                .contains("\"clientID\":\"" + requestA.get("REPLY_TO_CLIENT") + "\"");
        assertThat(replyEvents()).containsOnly("reply orders received");
    }

    @Test
    void aReplyAfterItsTimeoutIsDroppedAndCountedLateAndOneNobodyAskedForIsCountedUnmatched() throws Exception {
        FakeRemotingServer broker = bench.nameServerAndBroker();
        MQTemplate template = template(broker);

        template.send(request("warm-up")); // route and connection ready: the request's time is spent waiting
        CompletableFuture<ReplyMessage> call = template.sendAndReceiveAsync(request("a"), Duration.ofSeconds(1));
        MQException failure = FaultBench.failure(call, Duration.ofSeconds(5));
        Map<String, String> request = properties(broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 2,
                Duration.ofSeconds(5)).get(1));
        RemotingCommand lateAnswer = broker.sendToClient(push(request, "too late")).get(5, TimeUnit.SECONDS);
        Map<String, String> stranger = new LinkedHashMap<>(request);
        stranger.put("CORRELATION_ID", "never-asked");
        RemotingCommand strangerAnswer = broker.sendToClient(push(stranger, "who?")).get(5, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOf(MQOutcomeUnknownException.class)
                .hasMessageContaining("no reply within 1000 ms").hasMessageContaining("was stored by");
        assertThat(((MQOutcomeUnknownException) failure).messageId()).isEqualTo(request.get("UNIQ_KEY"));
        assertThat(failure.mayHaveBeenStored()).isTrue();
        assertThat(lateAnswer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(strangerAnswer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(replyEvents()).containsExactly("reply orders timeout", "dropped late", "dropped unmatched");
    }

    @Test
    void aCompressedReplyIsDecompressedByItsCodecAndAnUnreadableOneIsAnsweredSystemError() throws Exception {
        FakeRemotingServer broker = bench.nameServerAndBroker();
        MQTemplate template = template(broker);
        CompletableFuture<ReplyMessage> call = template.sendAndReceiveAsync(request("a"), Duration.ofSeconds(10));
        Map<String, String> request = properties(broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1,
                Duration.ofSeconds(5)).get(0));
        RemotingCommand plain = push(request, "x".repeat(5000));
        Map<String, String> lz4Fields = new LinkedHashMap<>(plain.extFields());
        lz4Fields.put("sysFlag", Integer.toString(0x1 | 0x100)); // compressed, LZ4
        Map<String, String> zlibFields = new LinkedHashMap<>(plain.extFields());
        zlibFields.put("sysFlag", Integer.toString(0x1 | 0x300)); // compressed, zlib, as the official producer sets

        RemotingCommand lz4Answer = broker.sendToClient(RemotingCommand.request(
                RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, lz4Fields, new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS); // not an LZ4 frame
        RemotingCommand zlibAnswer = broker.sendToClient(RemotingCommand.request(
                RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, zlibFields, new dev.mqtemplate.client.message.BodyCompressor()
                        .compress(plain.body()))).get(5, TimeUnit.SECONDS);

        assertThat(lz4Answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(lz4Answer.remark()).as("names the codec").containsIgnoringCase("lz4");
        assertThat(zlibAnswer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(call.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                .isEqualTo("x".repeat(5000));
    }

    @Test
    void aBrokerThatNeverAnswersAHeartbeatHoldsTheRequestBackAtMostHalfItsTimeout() throws Exception {
        FakeRemotingServer brokerA = bench.server(FakeRoles.broker());
        FakeRoles.BlackHole brokerB = bench.add(FakeRoles.blackHole()); // connects hang: no heartbeat answer ever
        byte[] route = FakeRoles.twoBrokerRoute(brokerA.address(), brokerB.address());
        FakeRemotingServer nameServer = bench.server(request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? FakeRemotingServer.respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                        Map.of(), route)) : null);
        MQTemplate template = bench.add(MQTemplate.builder(MQClientConfig.builder().nameServer(nameServer.address())
                .connectTimeout(Duration.ofSeconds(60)).build()).metrics(metrics).build());

        CompletableFuture<ReplyMessage> call = template.sendAndReceiveAsync(MQMessage.builder("orders")
                .queue(new dev.mqtemplate.client.route.MessageQueue("orders", "broker-a", 0)).body("a").build(),
                Duration.ofSeconds(4));
        Map<String, String> request = properties(brokerA.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1,
                Duration.ofSeconds(10)).get(0));
        brokerA.sendToClient(push(request, "from a")).get(5, TimeUnit.SECONDS);

        assertThat(new String(call.get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8)).isEqualTo("from a");
    }

    @Test
    void aRequestWhoseSendOutcomeIsUnknownStillTakesItsReply() throws Exception {
        FakeRemotingServer broker = bench.server(request -> null);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        // the request arrives, then the connection drops before the answer: stored or not, the client cannot know
        broker.script(FakeRoles.nameServerAnd(broker, request -> request.code() == RequestCode.SEND_MESSAGE_V2
                && first.getAndSet(false) ? FakeRemotingServer.closeConnection() : null));
        MQTemplate template = template(broker);

        CompletableFuture<ReplyMessage> call = template.sendAndReceiveAsync(request("a"), Duration.ofSeconds(20));
        Map<String, String> request = properties(broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1,
                Duration.ofSeconds(5)).get(0));
        FaultBench.awaitTrue(() -> events.stream().anyMatch(e -> e.startsWith("send ERROR")), Duration.ofSeconds(5),
                "the send ended as outcome unknown");
        // the periodic heartbeat connects again; the broker pushes the reply there
        FaultBench.awaitTrue(() -> broker.openConnections() > 0, Duration.ofSeconds(10), "connected again");
        broker.sendToClient(push(request, "stored after all")).get(5, TimeUnit.SECONDS);

        assertThat(new String(call.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                .isEqualTo("stored after all");
        assertThat(events).contains("send ERROR MQOutcomeUnknownException", "reply orders received");
    }

    @Test
    void aRequestTheBrokerRejectsFailsWithTheRejectionAtOnceNotAtItsTimeout() {
        FakeRemotingServer broker = bench.server(request -> null);
        broker.script(FakeRoles.nameServerAnd(broker, request -> request.code() == RequestCode.SEND_MESSAGE_V2
                ? FakeRoles.error(request, 13, "the message is illegal") : null));
        MQTemplate template = template(broker);

        MQException failure = FaultBench.failure(template.sendAndReceiveAsync(request("a"), Duration.ofMinutes(5)),
                Duration.ofSeconds(10));

        assertThat(failure).isInstanceOf(MQBrokerRejectedException.class);
        assertThat(failure.mayHaveBeenStored()).isFalse();
        FaultBench.awaitTrue(() -> events.contains("reply orders failed"), Duration.ofSeconds(5), "counted failed");
    }

    @Test
    void closeEndsAWaitingRequestAsOutcomeUnknownCausedByTheClose() {
        FakeRemotingServer broker = bench.nameServerAndBroker();
        MQTemplate template = bench.add(MQTemplate.builder(MQClientConfig.builder().nameServer(broker.address())
                .closeTimeout(Duration.ofMillis(50)).build()).metrics(metrics).build());
        CompletableFuture<ReplyMessage> call = template.sendAndReceiveAsync(request("a"), Duration.ofMinutes(5));
        broker.awaitRequests(RequestCode.SEND_MESSAGE_V2, 1, Duration.ofSeconds(5));

        template.close();

        MQException failure = FaultBench.failure(call, Duration.ofSeconds(5));
        assertThat(failure).isInstanceOf(MQOutcomeUnknownException.class).hasMessageContaining("closed")
                .hasCauseInstanceOf(MQClosedException.class);
        assertThat(template.inFlightCount()).isZero();
        assertThat(events).contains("reply orders closed");
    }

    @Test
    void aBlockingRequestIsRefusedOnAnIoThread() throws Exception {
        FakeRemotingServer broker = bench.nameServerAndBroker();
        MQTemplate template = template(broker);

        CompletableFuture<Throwable> refused = template.sendAsync(request("warm-up")).handle((sent, error) -> {
            try {
                template.sendAndReceive(request("a"), Duration.ofSeconds(1));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });

        assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("I/O thread");
    }

    private List<String> replyEvents() {
        return events.stream().filter(event -> !event.startsWith("send ")).toList();
    }

    private MQTemplate template(FakeRemotingServer broker) {
        return bench.add(MQTemplate.builder(MQClientConfig.builder().nameServer(broker.address())
                .lookupTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2)).build())
                .metrics(metrics).build());
    }

    private static MQMessage request(String body) {
        return MQMessage.builder("orders").body(body).build();
    }

    private static String body(RemotingCommand send) {
        return new String(send.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> properties(RemotingCommand send) {
        return MessageProperties.decode(send.extField(FakeRoles.PROPERTIES_FIELD));
    }

    /** The push a 5.3.3 broker makes for a reply created from {@code request} by MessageUtil.createReplyMessage. */
    private static RemotingCommand push(Map<String, String> request, String body) {
        StringBuilder properties = new StringBuilder();
        MessageProperties.append(properties, "MSG_TYPE", "reply");
        MessageProperties.append(properties, "CORRELATION_ID", request.get("CORRELATION_ID"));
        MessageProperties.append(properties, "REPLY_TO_CLIENT", request.get("REPLY_TO_CLIENT"));
        MessageProperties.append(properties, "TTL", request.get("TTL"));
        MessageProperties.append(properties, "UNIQ_KEY", "REPLY-" + request.get("UNIQ_KEY"));
        MessageProperties.append(properties, "PUSH_REPLY_TIME", Long.toString(System.currentTimeMillis()));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("producerGroup", "responders");
        fields.put("topic", "DefaultCluster_REPLY_TOPIC");
        fields.put("defaultTopic", "TBW102");
        fields.put("defaultTopicQueueNums", "4");
        fields.put("queueId", "0");
        fields.put("sysFlag", "0");
        fields.put("bornTimestamp", Long.toString(System.currentTimeMillis()));
        fields.put("flag", "0");
        fields.put("properties", properties.toString());
        fields.put("reconsumeTimes", "0");
        fields.put("unitMode", "false");
        fields.put("bornHost", "127.0.0.1:5555");
        fields.put("storeHost", "127.0.0.1:10911");
        fields.put("storeTimestamp", Long.toString(System.currentTimeMillis()));
        return RemotingCommand.request(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, fields,
                body.getBytes(StandardCharsets.UTF_8));
    }
}
