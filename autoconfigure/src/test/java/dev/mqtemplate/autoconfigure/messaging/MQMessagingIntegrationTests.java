package dev.mqtemplate.autoconfigure.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.client.BatchSendResult;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import dev.mqtemplate.localbroker.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link MQMessagingTemplate} sends, as the real broker stores it and the official consumer reads it back:
 * bodies, content types, tags, keys, flag and properties; and what rocketmq-spring's listener would make of it.
 */
@ExtendWith(LocalRocketMQExtension.class)
class MQMessagingIntegrationTests {

    private static final Duration READ_BUDGET = Duration.ofSeconds(30);

    record Order(String orderId, LocalDate placedOn, Instant paidAt) {
    }

    private ApplicationContextRunner contextFor(LocalRocketMQ rocketMQ) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MQAutoConfiguration.class,
                        MQMessagingAutoConfiguration.class))
                .withPropertyValues("mq.name-server=" + rocketMQ.nameServerAddress(),
                        "spring.jackson.property-naming-strategy=SNAKE_CASE",
                        "mq.template.default-destination=it_conv_default:fromDefault");
    }

    @Test
    void convertedPayloadsAreStoredWithTheirContentTypes(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ).run(context -> {
            MQMessagingTemplate messaging = context.getBean(MQMessagingTemplate.class);
            JsonMapper appMapper = context.getBean(JsonMapper.class);
            Order order = new Order("o-1", LocalDate.of(2026, 12, 5), Instant.parse("2026-12-05T10:15:30Z"));
            byte[] bytes = { 0, 1, 2, (byte) 0xff };

            SendResult json = messaging.convertAndSend("it_conv_payloads:created", order);
            SendResult text = messaging.convertAndSend("it_conv_payloads", "héllo");
            SendResult raw = messaging.convertAndSendAsync("it_conv_payloads:bin", bytes).join();
            SendResult withHeaders = messaging.convertAndSend("it_conv_payloads", order,
                    Map.of("KEYS", "o-1", "region", "eu"));
            SendResult toDefault = messaging.convertAndSend((Object) "to the default destination");

            Map<String, StoredMessage> stored = byId(rocketMQ.readMessages("it_conv_payloads", 4, READ_BUDGET));
            StoredMessage storedJson = stored.get(json.msgId());
            assertThat(new String(storedJson.body(), StandardCharsets.UTF_8))
                    .isEqualTo(appMapper.writeValueAsString(order))
                    .isEqualTo("{\"order_id\":\"o-1\",\"placed_on\":\"2026-12-05\",\"paid_at\":\"2026-12-05T10:15:30Z\"}");
            assertThat(storedJson.properties()).containsEntry("contentType", "application/json");
            assertThat(storedJson.tags()).isEqualTo("created");

            StoredMessage storedText = stored.get(text.msgId());
            assertThat(storedText.body()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
            assertThat(storedText.properties()).containsEntry("contentType", "text/plain;charset=UTF-8");
            assertThat(storedText.tags()).isNull();

            StoredMessage storedRaw = stored.get(raw.msgId());
            assertThat(storedRaw.body()).isEqualTo(bytes);
            assertThat(storedRaw.properties()).containsEntry("contentType", "application/octet-stream");
            assertThat(storedRaw.tags()).isEqualTo("bin");

            StoredMessage storedWithHeaders = stored.get(withHeaders.msgId());
            assertThat(storedWithHeaders.keys()).isEqualTo("o-1");
            assertThat(userProperties(storedWithHeaders)).containsOnly(Map.entry("region", "eu"),
                    Map.entry("contentType", "application/json"));

            StoredMessage storedDefault = rocketMQ.readMessages("it_conv_default", 1, READ_BUDGET).stream()
                    .filter(m -> m.uniqKey().equals(toDefault.msgId())).findFirst().orElseThrow();
            assertThat(storedDefault.tags()).isEqualTo("fromDefault");
            assertThat(storedDefault.body()).isEqualTo("to the default destination".getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aBatchOfConvertedPayloadsIsStoredInOrderInOneQueue(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ).run(context -> {
            MQMessagingTemplate messaging = context.getBean(MQMessagingTemplate.class);
            List<Object> payloads = List.of(new Order("o-1", null, null), "second",
                    MessageBuilder.withPayload(new Order("o-3", null, null)).setHeader("KEYS", "o-3").build());
            BatchSendResult sync = messaging.convertAndSendBatch("it_conv_batch:b", payloads);
            BatchSendResult async = messaging.sendBatchAsync("it_conv_batch:b",
                    List.of(MessageBuilder.withPayload("fourth").setHeader("region", "eu").build())).join();

            Map<String, StoredMessage> stored = byId(rocketMQ.readMessages("it_conv_batch", 4, READ_BUDGET));
            List<StoredMessage> batch = sync.results().stream().map(r -> stored.get(r.msgId())).toList();
            assertThat(batch).extracting(m -> new String(m.body(), StandardCharsets.UTF_8)).containsExactly(
                    "{\"order_id\":\"o-1\",\"placed_on\":null,\"paid_at\":null}", "second",
                    "{\"order_id\":\"o-3\",\"placed_on\":null,\"paid_at\":null}");
            assertThat(batch).extracting(m -> m.properties().get("contentType"))
                    .containsExactly("application/json", "text/plain;charset=UTF-8", "application/json");
            assertThat(batch).extracting(StoredMessage::queueId).containsOnly(batch.get(0).queueId());
            assertThat(batch).extracting(StoredMessage::queueOffset).isSorted();
            assertThat(batch.get(2).keys()).isEqualTo("o-3");
            assertThat(stored.get(async.results().get(0).msgId()).properties()).containsEntry("region", "eu");
        });
    }

    /**
     * A Spring message as a {@code RocketMQTemplate} user writes it: every field header with rocketmq-spring's
     * names, user headers, Spring's own. What the broker stores is what rocketmq-spring's listener maps back to the
     * same headers.
     */
    @Test
    void springMessageHeadersAreStoredAsRocketMQSpringsListenerReadsThem(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ).run(context -> {
            MQMessagingTemplate messaging = context.getBean(MQMessagingTemplate.class);
            Message<String> message = MessageBuilder.withPayload("order paid")
                    .setHeader("KEYS", "o-1 p-9")
                    .setHeader("FLAG", 7)
                    .setHeader("WAIT_STORE_MSG_OK", "false")
                    .setHeader("region", "eu")
                    .setHeader("attempt", 2)
                    .build();
            SendResult plain = messaging.send("it_conv_headers:paid", message);
            SendResult prefixed = messaging.sendAsync("it_conv_headers", MessageBuilder.withPayload("prefixed")
                    .setHeader("rocketmq_KEYS", "o-2").setHeader("rocketmq_TAGS", "refunded")
                    .setHeader("rocketmq_FLAG", "3").build()).join();

            Map<String, StoredMessage> stored = byId(rocketMQ.readMessages("it_conv_headers", 2, READ_BUDGET));
            StoredMessage storedPlain = stored.get(plain.msgId());
            assertThat(storedPlain.tags()).isEqualTo("paid");
            assertThat(storedPlain.keys()).isEqualTo("o-1 p-9");
            assertThat(storedPlain.flag()).isEqualTo(7);
            assertThat(storedPlain.properties()).containsEntry(MessageProperties.WAIT, "false");
            assertThat(storedPlain.body()).isEqualTo("order paid".getBytes(StandardCharsets.UTF_8));
            // Spring's id and timestamp are not stored: the consumer's Spring message gets its own
            assertThat(storedPlain.properties()).doesNotContainKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP);
            assertThat(listenerHeaders(storedPlain)).containsAllEntriesOf(Map.of(
                    "rocketmq_KEYS", "o-1 p-9", "rocketmq_TAGS", "paid", "rocketmq_FLAG", 7, "rocketmq_WAIT", false,
                    "rocketmq_DELAY", 0, "region", "eu", "attempt", "2", "contentType", "text/plain;charset=UTF-8"));

            StoredMessage storedPrefixed = stored.get(prefixed.msgId());
            assertThat(listenerHeaders(storedPrefixed)).containsAllEntriesOf(Map.of(
                    "rocketmq_KEYS", "o-2", "rocketmq_TAGS", "refunded", "rocketmq_FLAG", 3, "rocketmq_WAIT", true));
            assertThat(userProperties(storedPrefixed)).containsOnlyKeys("contentType");
        });
    }

    /**
     * A message as rocketmq-spring's listener hands it over, forwarded to another topic unchanged: the copy carries
     * the same keys, tags, flag and user headers, not the facts of the consumed message (its topic, id, queue).
     */
    @Test
    void aConsumedRocketMQSpringMessageForwardsUnchanged(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ).run(context -> {
            MQMessagingTemplate messaging = context.getBean(MQMessagingTemplate.class);
            SendResult original = messaging.send("it_conv_forward_in:created", MessageBuilder.withPayload("event")
                    .setHeader("KEYS", "o-7").setHeader("FLAG", 5).setHeader("region", "eu").build());
            StoredMessage consumed = rocketMQ.readMessages("it_conv_forward_in", 1, READ_BUDGET).stream()
                    .filter(m -> m.uniqKey().equals(original.msgId())).findFirst().orElseThrow();
            Map<String, Object> consumedHeaders = listenerHeaders(consumed);
            Message<byte[]> asListenerSeesIt = MessageBuilder.withPayload(consumed.body())
                    .copyHeaders(consumedHeaders).build();

            SendResult forwarded = messaging.send("it_conv_forward_out", asListenerSeesIt);

            StoredMessage copy = rocketMQ.readMessages("it_conv_forward_out", 1, READ_BUDGET).stream()
                    .filter(m -> m.uniqKey().equals(forwarded.msgId())).findFirst().orElseThrow();
            Map<String, Object> copyHeaders = listenerHeaders(copy);
            assertThat(copy.body()).isEqualTo("event".getBytes(StandardCharsets.UTF_8));
            assertThat(copyHeaders).containsEntry("rocketmq_TOPIC", "it_conv_forward_out");
            copyHeaders.remove("rocketmq_TOPIC");
            consumedHeaders.remove("rocketmq_TOPIC");
            assertThat(copyHeaders).isEqualTo(consumedHeaders);
            assertThat(copyHeaders).containsEntry("rocketmq_TAGS", "created").containsEntry("region", "eu");
        });
    }

    @Test
    void aDelayHeaderSetsTheDelayLevel(LocalRocketMQ rocketMQ) {
        contextFor(rocketMQ).run(context -> {
            SendResult delayed = context.getBean(MQMessagingTemplate.class).send("it_conv_delay",
                    MessageBuilder.withPayload("later").setHeader("rocketmq_DELAY", 1).build());
            StoredMessage stored = rocketMQ.readMessages("it_conv_delay", 1, READ_BUDGET).stream()
                    .filter(m -> m.uniqKey().equals(delayed.msgId())).findFirst().orElseThrow();
            assertThat(stored.properties()).containsEntry(MessageProperties.DELAY, "1");
            assertThat(listenerHeaders(stored)).containsEntry("rocketmq_DELAY", 1);
        });
    }

    private static Map<String, StoredMessage> byId(List<StoredMessage> messages) {
        return messages.stream().collect(Collectors.toMap(StoredMessage::uniqKey, Function.identity(), (a, b) -> a));
    }

    /** The stored properties that are not RocketMQ's own. */
    private static Map<String, String> userProperties(StoredMessage message) {
        Map<String, String> user = new LinkedHashMap<>(message.properties());
        user.keySet().removeIf(MessageProperties::isReserved);
        return user;
    }

    /**
     * The headers rocketmq-spring 2.3.4's listener gives a {@code Message<?>} for a stored message, per its documented
     * mapping ({@code RocketMQUtil.convertToSpringMessage(MessageExt)}): the fields under {@code rocketmq_} names
     * (the ones that do not change from one delivery to the next), then every user property except RocketMQ's own
     * names (with or without the prefix) and Spring's id and timestamp.
     */
    private static Map<String, Object> listenerHeaders(StoredMessage message) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("rocketmq_KEYS", message.keys());
        headers.put("rocketmq_TAGS", message.tags());
        headers.put("rocketmq_TOPIC", message.topic());
        headers.put("rocketmq_FLAG", message.flag());
        String delay = message.properties().get(MessageProperties.DELAY);
        headers.put("rocketmq_DELAY", delay == null ? 0 : Integer.parseInt(delay));
        headers.put("rocketmq_WAIT", !"false".equals(message.properties().get(MessageProperties.WAIT)));
        message.properties().forEach((name, value) -> {
            boolean rocketMQs = MessageProperties.isReserved(name) || (name.startsWith(MQHeaders.PREFIX)
                    && MessageProperties.isReserved(name.substring(MQHeaders.PREFIX.length())));
            if (!rocketMQs && !name.equals(MessageHeaders.ID) && !name.equals(MessageHeaders.TIMESTAMP)) {
                headers.put(name, value);
            }
        });
        return headers;
    }
}
