package dev.mqtemplate.autoconfigure.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQOperations;
import dev.mqtemplate.client.error.MQValidationException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link MQMessagingTemplate} makes of payloads and headers, and what it refuses before the network. Messages
 * are looked at through {@link MQMessagingTemplate#toMessageBuilder}; an {@link MQOperations} that records every call
 * shows that refused sends never reach the client. What the broker stores: {@code MQMessagingIntegrationTests}.
 */
class MQMessagingTemplateTests {

    record Order(String orderId, LocalDate placedOn) {
    }

    /** A payload Jackson cannot write: its only property throws. */
    static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("boom in getValue");
        }
    }

    private final List<String> calls = new ArrayList<>();

    private final MQOperations recording = (MQOperations) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { MQOperations.class }, (proxy, method, args) -> {
                calls.add(method.getName());
                throw new AssertionError("reached the client: " + method.getName());
            });

    private final MQMessagingTemplate template = new MQMessagingTemplate(recording,
            MQMessageConverter.withJsonMapper(JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build()), null);

    @Test
    void bytesAndStringsGoThroughRawWithTheContentTypesRocketMQSpringStores() {
        byte[] bytes = { 0, 1, (byte) 0xff };
        MQMessage raw = template.toMessageBuilder("orders", bytes).build();
        assertThat(raw.body()).isEqualTo(bytes);
        assertThat(raw.properties()).containsEntry("contentType", "application/octet-stream");

        MQMessage text = template.toMessageBuilder("orders", "héllo").build();
        assertThat(text.body()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(text.properties()).containsEntry("contentType", "text/plain;charset=UTF-8");

        // a declared content type is kept, and text still goes through as it is, not as a JSON string
        MQMessage json = template.toMessageBuilder("orders", MessageBuilder.withPayload("{\"a\":1}")
                .setHeader(MessageHeaders.CONTENT_TYPE, "application/json").build()).build();
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(json.properties()).containsEntry("contentType", "application/json");
    }

    @Test
    void objectsBecomeJsonWrittenByTheGivenMapper() {
        MQMessage message = template.toMessageBuilder("orders:created",
                new Order("o-1", LocalDate.of(2026, 12, 5))).build();
        assertThat(new String(message.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"order_id\":\"o-1\",\"placed_on\":\"2026-12-05\"}");
        assertThat(message.properties()).containsExactly(Map.entry("contentType", "application/json"));
        assertThat(message.topic()).isEqualTo("orders");
        assertThat(message.tags()).isEqualTo("created");
    }

    @Test
    void aPayloadThatCannotBeConvertedFailsNamingItsTypeAndCauseBeforeTheNetwork() {
        assertThatThrownBy(() -> template.convertAndSend("orders", new Exploding()))
                .isInstanceOf(MQValidationException.class)
                .hasMessageContaining(Exploding.class.getName())
                .hasMessageContaining("boom in getValue")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> template.send("orders", MessageBuilder.withPayload(new Exploding()).build()))
                .isInstanceOf(MQValidationException.class).hasMessageContaining(Exploding.class.getName());
        assertThatThrownBy(() -> template.convertAndSendBatch("orders", List.of("fine", new Exploding())))
                .isInstanceOf(MQValidationException.class).hasMessageContaining(Exploding.class.getName());

        CompletableFuture<?> async = template.convertAndSendAsync("orders", new Exploding());
        assertThatThrownBy(async::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(MQValidationException.class).hasMessageContaining("boom in getValue");
        assertThat(calls).isEmpty();
    }

    @Test
    void aConverterThatAcceptsNothingIsAValidationErrorNamingTheType() {
        MQMessagingTemplate refusing = new MQMessagingTemplate(recording,
                new MQMessageConverter(new AbstractMessageConverter(new MimeType("application", "x-none")) {
                    @Override
                    protected boolean supports(Class<?> clazz) {
                        return false;
                    }
                }), null);
        assertThatThrownBy(() -> refusing.convertAndSend("orders", new Order("o-1", null)))
                .isInstanceOf(MQValidationException.class)
                .hasMessageContaining(Order.class.getName()).hasMessageContaining("no converter");
        assertThat(calls).isEmpty();
    }

    @Test
    void rocketMQTemplateHeadersSetTheMessageFields() {
        MQMessage message = template.toMessageBuilder("orders", MessageBuilder.withPayload("x")
                .setHeader("KEYS", "k1 k2")
                .setHeader("rocketmq_TAGS", "created")
                .setHeader("FLAG", "7")
                .setHeader("DELAY", 2)
                .setHeader("WAIT_STORE_MSG_OK", "false")
                .setHeader("region", "eu")
                .setHeader("attempt", 3)
                .build()).build();
        assertThat(message.keys()).containsExactly("k1", "k2");
        assertThat(message.tags()).isEqualTo("created");
        assertThat(message.flag()).isEqualTo(7);
        assertThat(message.delayLevel()).isEqualTo(2);
        assertThat(message.waitStoreMsgOk()).isFalse();
        // Spring's id and timestamp are not copied; the fields are not copied as properties too
        assertThat(message.properties()).containsExactly(Map.entry("region", "eu"), Map.entry("attempt", "3"),
                Map.entry("contentType", "text/plain;charset=UTF-8"));
    }

    @Test
    void prefixedNamesAreHonouredAndTheBareNameWins() {
        MQMessage message = template.toMessageBuilder("orders", MessageBuilder.withPayload("x")
                .setHeader("rocketmq_KEYS", List.of("a", "b"))
                .setHeader("rocketmq_FLAG", 3)
                .setHeader("rocketmq_DELAY", 0)
                .setHeader("rocketmq_WAIT", false)
                .build()).build();
        assertThat(message.keys()).containsExactly("a", "b");
        assertThat(message.flag()).isEqualTo(3);
        assertThat(message.delayLevel()).isZero();
        assertThat(message.waitStoreMsgOk()).isFalse();

        MQMessage both = template.toMessageBuilder("orders", MessageBuilder.withPayload("x")
                .setHeader("KEYS", "bare").setHeader("rocketmq_KEYS", "prefixed").build()).build();
        assertThat(both.keys()).containsExactly("bare");
    }

    @Test
    void theDestinationsTagsWinOverATagsHeader() {
        MQMessage message = template.toMessageBuilder("orders:fromDestination",
                MessageBuilder.withPayload("x").setHeader("TAGS", "fromHeader").build()).build();
        assertThat(message.tags()).isEqualTo("fromDestination");
        assertThat(message.properties()).doesNotContainKeys("TAGS", "fromHeader");
    }

    @Test
    void headersDescribingAConsumedMessageAreNotCopied() {
        MQMessage message = template.toMessageBuilder("audit", MessageBuilder.withPayload("x")
                .setHeader("rocketmq_TOPIC", "orders").setHeader("rocketmq_MESSAGE_ID", "C0A8...")
                .setHeader("rocketmq_BORN_TIMESTAMP", 1L).setHeader("rocketmq_BORN_HOST", "10.0.0.1")
                .setHeader("rocketmq_QUEUE_ID", 1).setHeader("rocketmq_SYS_FLAG", 0)
                .setHeader("rocketmq_TRANSACTION_ID", "t").setHeader("region", "eu").build()).build();
        assertThat(message.properties()).containsOnlyKeys("region", "contentType");
    }

    @Test
    void reservedHeaderNamesAreRefusedNamingTheHeader() {
        for (String name : List.of("UNIQ_KEY", "__SHARDINGKEY", "TIMER_DELIVER_MS", "rocketmq_UNIQ_KEY", "PGROUP")) {
            assertThatThrownBy(() -> template.send("orders", MessageBuilder.withPayload("x").setHeader(name, "v").build()))
                    .as(name).isInstanceOf(MQValidationException.class)
                    .hasMessageStartingWith("header '" + name + "' is invalid: is reserved by RocketMQ");
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void headerValuesThatAreNotTextAreRefusedNamingTheHeader() {
        assertThatThrownBy(() -> template.toMessageBuilder("orders",
                MessageBuilder.withPayload("x").setHeader("customer", new Order("o", null)).build()))
                .isInstanceOf(MQValidationException.class).hasMessageContaining("header customer")
                .hasMessageContaining(Order.class.getName());
        assertThatThrownBy(() -> template.toMessageBuilder("orders",
                MessageBuilder.withPayload("x").setHeader("FLAG", "seven").build()))
                .isInstanceOf(MQValidationException.class).hasMessageContaining("header FLAG 'seven'");
        assertThatThrownBy(() -> template.toMessageBuilder("orders",
                MessageBuilder.withPayload("x").setHeader("WAIT_STORE_MSG_OK", "maybe").build()))
                .isInstanceOf(MQValidationException.class).hasMessageContaining("header WAIT_STORE_MSG_OK");
        UUID id = UUID.randomUUID();
        assertThat(template.toMessageBuilder("orders", MessageBuilder.withPayload("x").setHeader("trace", id).build())
                .build().properties()).containsEntry("trace", id.toString());
    }

    @Test
    void withoutADefaultDestinationTheSendsThatNameNoneAreRefused() {
        assertThatThrownBy(() -> template.convertAndSend((Object) "x")).isInstanceOf(MQValidationException.class)
                .hasMessageContaining("mq.template.default-destination");
        Message<String> message = MessageBuilder.withPayload("x").build();
        assertThatThrownBy(() -> template.send(message)).isInstanceOf(MQValidationException.class);
        assertThatThrownBy(() -> template.convertAndSend(" ", "x")).isInstanceOf(MQValidationException.class)
                .hasMessageContaining("must be 'topic' or 'topic:tags'");
        assertThatThrownBy(() -> template.convertAndSend("orders", null)).isInstanceOf(MQValidationException.class)
                .hasMessageContaining("payload null");
        assertThat(calls).isEmpty();
    }

    @Test
    void aMessageGivenAsAPayloadIsSentAsAMessageWithTheExtraHeaders() {
        Message<String> message = MessageBuilder.withPayload("x").setHeader("region", "eu").build();
        MQMessage converted = template.toMessageBuilder("orders", message).build();
        assertThat(converted.body()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThat(converted.properties()).containsEntry("region", "eu");
    }
}
