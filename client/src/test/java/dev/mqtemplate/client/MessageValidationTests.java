package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqtemplate.client.error.MQNotSentException;
import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every check made before the network, one test per rule: each refusal is an {@link MQValidationException} (so an
 * {@link MQNotSentException}) whose message names the field, shows the value and states the rule, and nothing
 * reaches the name server or the broker.
 */
class MessageValidationTests {

    private static final int MAX_MESSAGE_SIZE = 16;

    private static FakeRemotingServer server;

    private static MQTemplate template;

    @BeforeAll
    static void start() {
        server = FakeRemotingServer.start(request -> null);
        server.script(FakeRoles.nameServerAndBroker(server));
        template = MQTemplate.create(config(server.address()).maxMessageSize(MAX_MESSAGE_SIZE).build());
    }

    @AfterAll
    static void stop() {
        template.close();
        server.close();
    }

    @Test
    void validMessageAtEveryLimitIsSent() {
        MQMessage atLimits = MQMessage.builder("t".repeat(MessageValidator.MAX_TOPIC_LENGTH)).tags("tag")
                .keys("k1", "k2").property("color", "blue").delayLevel(18).body(new byte[MAX_MESSAGE_SIZE]).build();

        assertThat(template.send(atLimits).status()).isEqualTo(SendStatus.SEND_OK);
    }

    // ---- message and topic ---------------------------------------------------------------------------------------

    @Test
    void nullMessageIsRefused() {
        assertRefused(() -> template.send((MQMessage) null), "message", "null", "must not be null");
    }

    @Test
    void nullTopicIsRefused() {
        assertRefused(message(null), "topic", "null", "must not be blank");
    }

    @Test
    void blankTopicIsRefused() {
        assertRefused(message("  "), "topic", "'  '", "must not be blank");
    }

    @Test
    void topicOf128CharactersIsRefused() {
        MQValidationException error = assertRefused(message("t".repeat(128)), "topic", "'" + "t".repeat(64) + "...'",
                "must be at most 127 characters long");
        assertThat(error).hasMessageContaining("(128 chars)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a b", "a/b", "a.b", "主题" })
    void topicWithAnIllegalCharacterIsRefused(String topic) {
        assertRefused(message(topic), "topic", "'" + topic + "'",
                "may contain only letters, digits, '%', '|', '-' and '_'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "TBW102", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRACE_TOPIC" })
    void systemTopicIsRefused(String topic) {
        assertRefused(message(topic), "topic", "'" + topic + "'", "is a RocketMQ system topic");
    }

    @Test
    void retryTopicIsRefused() {
        assertRefused(message("%RETRY%grp"), "topic", "'%RETRY%grp'", "uses the reserved prefix '%RETRY%'");
    }

    @Test
    void deadLetterTopicIsRefused() {
        assertRefused(message("%DLQ%grp"), "topic", "'%DLQ%grp'", "uses the reserved prefix '%DLQ%'");
    }

    @Test
    void systemPrefixTopicIsRefused() {
        assertRefused(message("rmq_sys_x"), "topic", "'rmq_sys_x'", "uses the reserved prefix 'rmq_sys_'");
    }

    @Test
    void blankDestinationIsRefused() {
        assertRefused(() -> template.send(" ", new byte[1]), "destination", "' '", "must be 'topic' or 'topic:tags'");
    }

    // ---- body -----------------------------------------------------------------------------------------------------

    @Test
    void nullBodyIsRefused() {
        assertRefused(MQMessage.builder("orders").build(), "body", "null", "must not be null");
    }

    @Test
    void emptyBodyIsRefused() {
        assertRefused(MQMessage.builder("orders").body(new byte[0]).build(), "body", "''", "must not be empty");
    }

    @Test
    void bodyOverTheMaximumSizeIsRefused() {
        assertRefused(MQMessage.builder("orders").body(new byte[MAX_MESSAGE_SIZE + 1]).build(), "body",
                "'17 bytes'", "must be at most 16 bytes");
    }

    // ---- tags and keys --------------------------------------------------------------------------------------------

    @Test
    void blankTagsAreRefused() {
        assertRefused(builder().tags(" ").build(), "tags", "' '", "must not be blank (leave it null for no tag)");
    }

    @Test
    void tagsWithAPropertySeparatorAreRefused() {
        assertRefused(builder().tags("a\u0001b").build(), "tags", "'a\\u0001b'", "must not contain U+0001 or U+0002");
    }

    @Test
    void blankKeyIsRefused() {
        assertRefused(builder().keys("ok", " ").build(), "key", "' '", "must not be blank");
    }

    @Test
    void nullKeyIsRefusedAtSendTime() {
        assertRefused(() -> template.send(builder().keys("ok", null).build()), "key", "null", "must not be blank");
    }

    @Test
    void keyWithASpaceIsRefused() {
        assertRefused(builder().keys("order 1").build(), "key", "'order 1'",
                "must not contain a space: spaces separate keys");
    }

    @Test
    void keyWithAPropertySeparatorIsRefused() {
        assertRefused(builder().keys("a\u0002b").build(), "key", "'a\\u0002b'", "must not contain U+0001 or U+0002");
    }

    @Test
    void tagsContainingTwoBarsAreRefused() {
        // a subscription "a||b" means tag a or tag b: no subscription can name the tag "a||b" itself
        assertRefused(builder().tags("a||b").build(), "tags", "'a||b'",
                "must not contain '||': a subscription reads 'a||b' as tag a or tag b, so none could match it");
    }

    @Test
    void aBlankShardingKeyIsRefused() {
        assertRefused(builder().shardingKey(" ").build(), "shardingKey", "' '",
                "must not be blank (leave it null for no order)");
    }

    @Test
    void aShardingKeyWithASeparatorIsRefused() {
        assertRefused(builder().shardingKey("a\u0001b").build(), "shardingKey", "'a\\u0001b'",
                "must not contain U+0001 or U+0002");
    }

    @Test
    void aBatchWhoseMessagesHaveDifferentShardingKeysIsRefused() {
        assertRefused(() -> template.sendBatch(List.of(builder().shardingKey("a").build(),
                builder().shardingKey("b").build())), "ordering of batch message 1", "'sharding key b",
                "must be the batch's (sharding key a");
    }

    @Test
    void aQueueOfAnotherTopicIsRefused() {
        assertRefused(builder().queue(new dev.mqtemplate.client.route.MessageQueue("other", "broker-a", 0)).build(),
                "queue", "'other@broker-a#0'", "must be a queue of the message's topic 'orders'");
    }

    @Test
    void aQueueTheRouteDoesNotHaveIsRefusedBeforeAnythingIsSent() {
        int sendsBefore = server.requests(dev.mqtemplate.client.protocol.RequestCode.SEND_MESSAGE_V2).size();

        Throwable thrown = catchThrowable(() -> template.send(builder()
                .queue(new dev.mqtemplate.client.route.MessageQueue("orders", "broker-z", 0)).build()));

        assertThat(thrown).isInstanceOf(MQValidationException.class).hasMessageContaining("orders@broker-z#0")
                .hasMessageContaining("is not a writable queue of topic 'orders'");
        assertThat(server.requests(dev.mqtemplate.client.protocol.RequestCode.SEND_MESSAGE_V2)).hasSize(sendsBefore);
    }

    @Test
    void tagsContainingOneBarAreSent() {
        assertThat(template.send(builder().tags("a|b").build()).status()).isEqualTo(SendStatus.SEND_OK);
    }

    // ---- unpaired UTF-16 surrogates --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "a\uD83D", "a\uDE00", "a\uDE00\uD83Db", "a\uD83D\uD83D\uDE00" })
    void tagsWithAnUnpairedSurrogateAreRefused(String tags) {
        // each case has its first unpaired surrogate at index 1; the value shows it escaped
        assertRefused(builder().tags(tags).build(), "tags", "'a\\u" + Integer.toHexString(tags.charAt(1)),
                "must not contain an unpaired UTF-16 surrogate (at index 1)");
    }

    @Test
    void keyWithAnUnpairedSurrogateIsRefused() {
        assertRefused(builder().keys("ok", "\uDE00k").build(), "key", "'\\ude00k'",
                "must not contain an unpaired UTF-16 surrogate (at index 0)");
    }

    @Test
    void propertyNameWithAnUnpairedSurrogateIsRefused() {
        assertRefused(builder().property("na\uD800", "v").build(), "property name", "'na\\ud800'",
                "must not contain an unpaired UTF-16 surrogate (at index 2)");
    }

    @Test
    void propertyValueWithAnUnpairedSurrogateIsRefused() {
        assertRefused(builder().property("color", "bl\uDBFFue").build(), "property color", "'bl\\udbffue'",
                "must not contain an unpaired UTF-16 surrogate (at index 2)");
    }

    @Test
    void batchMessageWithAnUnpairedSurrogateIsRefused() {
        // the batch's length, counted before encoding, would not match what goes on the wire
        assertRefused(() -> template.sendBatch(List.of(builder().build(), builder().tags("x\uD83D").build())), "tags",
                "'x\\ud83d'", "must not contain an unpaired UTF-16 surrogate (at index 1)");
    }

    @Test
    void emojiInTagsKeysAndPropertiesIsSentIntact() {
        String emoji = "\uD83D\uDE00"; // one code point, a well-formed surrogate pair
        MQMessage message = builder().tags("tag" + emoji).keys(emoji + "key").property("name" + emoji, emoji + "value")
                .build();

        assertThat(template.send(message).status()).isEqualTo(SendStatus.SEND_OK);
        List<RemotingCommand> sends = server.requests(RequestCode.SEND_MESSAGE_V2);
        String sent = sends.get(sends.size() - 1).extField(FakeRoles.PROPERTIES_FIELD);
        assertThat(MessageProperties.decode(sent)).containsEntry(MessageProperties.TAGS, "tag" + emoji)
                .containsEntry(MessageProperties.KEYS, emoji + "key").containsEntry("name" + emoji, emoji + "value");
    }

    // ---- user properties -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { MessageProperties.UNIQ_KEY, MessageProperties.TAGS, MessageProperties.DELAY })
    void reservedPropertyNameIsRefused(String name) {
        assertRefused(builder().property(name, "v").build(), "property name", "'" + name + "'",
                "is reserved by RocketMQ");
    }

    @Test
    void propertyNameWithASeparatorIsRefused() {
        assertRefused(builder().property("a\u0001b", "v").build(), "property name", "'a\\u0001b'",
                "must not contain U+0001 or U+0002");
    }

    @Test
    void propertyValueWithASeparatorIsRefused() {
        // the danger: "x\u0002UNIQ_KEY\u0001forged" would smuggle a reserved property onto the wire
        assertRefused(builder().property("color", "x\u0002UNIQ_KEY\u0001forged").build(), "property color",
                "'x\\u0002UNIQ_KEY\\u0001forged'", "must not contain U+0001 or U+0002");
    }

    @Test
    void blankPropertyValueIsRefused() {
        assertRefused(builder().property("color", " ").build(), "property color", "' '", "must not be blank");
    }

    @Test
    void blankPropertyNameIsRefused() {
        assertRefused(builder().property("", "v").build(), "property name", "''", "must not be blank");
    }

    @Test
    void propertiesOverTheEncodedLimitAreRefused() {
        MQValidationException error = assertRefused(builder().property("big", "x".repeat(32_767)).build(),
                "properties", "'", "must encode to at most 32767 bytes");
        assertThat(error).hasMessageMatching("properties '\\d+ bytes encoded' is invalid: .*");
    }

    @Test
    void delayedMessageCountsWhatTheBrokerAddsToMoveIt() {
        // the fake route: cluster DefaultCluster (62 bytes added), topic orders and a one-digit queue id (REAL_TOPIC
        // and REAL_QID, 29 bytes); WAIT, DELAY and UNIQ_KEY take 60 bytes, the property's framing 3
        int largest = 32_767 - 62 - 29 - 60 - 3;
        assertThat(template.send(builder().delayLevel(1).property("p", "v".repeat(largest)).build()).status())
                .isEqualTo(SendStatus.SEND_OK);

        assertRefused(builder().delayLevel(1).property("p", "v".repeat(largest + 1)).build(), "properties",
                "'32677 bytes encoded'", "must encode to at most 32676 bytes (32767 less the 62 bytes the broker adds "
                        + "in cluster 'DefaultCluster' and the 29 bytes of REAL_TOPIC and REAL_QID it adds to a "
                        + "delayed message)");
    }

    // ---- delay level ----------------------------------------------------------------------------------------------

    @Test
    void negativeDelayLevelIsRefused() {
        assertRefused(builder().delayLevel(-1).build(), "delayLevel", "'-1'", "must be 0 (no delay) up to 18");
    }

    @Test
    void delayLevelAboveTheMaximumIsRefused() {
        assertRefused(builder().delayLevel(19).build(), "delayLevel", "'19'", "must be 0 (no delay) up to 18");
    }

    // ---- timer messages and recall ---------------------------------------------------------------------------------

    @Test
    void deliveryTimeInThePastIsRefused() {
        Instant past = Instant.now().minusSeconds(1);
        assertRefused(builder().deliverAt(past).build(), "deliverAt", "'" + past + "'", "must be in the future");
    }

    @Test
    void deliveryTimeBeyondTheBrokersMaximumIsRefused() {
        Instant tooLate = Instant.now().plus(Duration.ofDays(3)).plusSeconds(60);
        assertRefused(builder().deliverAt(tooLate).build(), "deliverAt", "'" + tooLate + "'",
                "must be at most 259200 s from now (the broker's timerMaxDelaySec)");
    }

    @Test
    void delayBeyondTheBrokersMaximumIsRefused() {
        assertRefused(builder().delay(Duration.ofDays(3).plusMillis(1)).build(), "delay", "'PT72H0.001S'",
                "must be at most 259200 s (the broker's timerMaxDelaySec)");
    }

    @Test
    void delayBeyondAConfiguredMaximumIsRefused() {
        try (MQTemplate shortTimers = MQTemplate.create(config(server.address()).timerMaxDelay(Duration.ofHours(1))
                .build())) {
            assertRefused(() -> shortTimers.send(builder().delay(Duration.ofMinutes(61)).build()), "delay", "'PT1H1M'",
                    "must be at most 3600 s (the broker's timerMaxDelaySec)");
        }
    }

    @Test
    void zeroDelayIsRefused() {
        assertRefused(builder().delay(Duration.ZERO).build(), "delay", "'PT0S'", "must be positive");
    }

    @Test
    void delayLevelOnATimerMessageIsRefused() {
        assertRefused(builder().delayLevel(3).delay(Duration.ofSeconds(10)).build(), "delayLevel", "'3'",
                "must be 0 on a timer message (deliverAt or delay set): the broker would ignore the timer and use "
                        + "the level");
    }

    @Test
    void deliveryTimeAndDelayTogetherAreRefused() {
        Instant at = Instant.now().plusSeconds(60);
        assertRefused(builder().deliverAt(at).delay(Duration.ofSeconds(10)).build(), "delay", "'PT10S'",
                "must not be set together with deliverAt (" + at + "): a timer message has one delivery time");
    }

    @Test
    void timerMessageInABatchIsRefused() {
        // a 5.3.3 broker stores a batch's timer properties and delivers at once (TimerIntegrationTests)
        assertRefused(() -> template.sendBatch(List.of(builder().build(), builder().delay(Duration.ofSeconds(5))
                .build())), "delay of batch message 1", "'PT5S'",
                "must be null: the broker does not delay batches (it stores their timer properties and delivers at "
                        + "once)");
        Instant at = Instant.now().plusSeconds(5);
        assertRefused(() -> template.sendBatch(List.of(builder().deliverAt(at).build())),
                "deliverAt of batch message 0", "'" + at + "'", "must be null: the broker does not delay batches");
    }

    @Test
    void onewayTimerMessageDueInThePastIsRefused() {
        Instant past = Instant.now().minusSeconds(1);
        assertRefused(() -> template.sendOneway(builder().deliverAt(past).build()), "deliverAt", "'" + past + "'",
                "must be in the future");
    }

    @Test
    void nonPositiveTimerMaximumIsRefusedAtBuild() {
        assertThat(catchThrowable(() -> config(server.address()).timerMaxDelay(Duration.ZERO).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timerMaxDelay must be positive, was PT0S");
    }

    @Test
    void blankRecallHandleIsRefused() {
        assertRefused(() -> template.recall("orders", " "), "recallHandle", "' '", "must not be blank");
    }

    @Test
    void recallHandleThatIsNotBase64IsRefused() {
        assertRefused(() -> template.recall("orders", "not a handle"), "recallHandle", "'not a handle'",
                "must be a handle a broker returned (URL-safe Base64)");
    }

    @Test
    void recallHandleOfAnotherFormIsRefused() {
        String handle = java.util.Base64.getUrlEncoder().encodeToString("v2 orders broker-a 1 id".getBytes());
        assertRefused(() -> template.recall("orders", handle), "recallHandle", "'" + handle + "'",
                "must be a handle a broker returned (v1 topic broker time id), not 'v2 orders broker-a 1 id'");
    }

    @Test
    void recallHandleOfAnotherTopicIsRefused() {
        String handle = java.util.Base64.getUrlEncoder().encodeToString("v1 payments broker-a 1 id".getBytes());
        assertRefused(() -> template.recall("orders", handle), "recallHandle", "'" + handle + "'",
                "is for topic 'payments', not 'orders'");
    }

    @Test
    void recallOfAnInvalidTopicIsRefused() {
        assertRefused(() -> template.recall("TBW102", "x"), "topic", "'TBW102'", "is a RocketMQ system topic");
    }

    // ---- per-call timeout -----------------------------------------------------------------------------------------

    @Test
    void zeroTimeoutIsRefused() {
        assertRefused(() -> template.send(builder().build(), Duration.ZERO), "timeout", "'PT0S'", "must be positive");
    }

    @Test
    void negativeTimeoutIsRefused() {
        assertRefused(() -> template.send(builder().build(), Duration.ofMillis(-5)), "timeout", "'PT-0.005S'",
                "must be positive");
    }

    // ---- batches --------------------------------------------------------------------------------------------------

    @Test
    void nullOrEmptyBatchIsRefused() {
        assertRefused(() -> template.sendBatch(null), "messages", "null", "must list at least one message");
        assertRefused(() -> template.sendBatch(List.of()), "messages", "'[]'", "must list at least one message");
    }

    @Test
    void batchWithANullMessageIsRefused() {
        assertRefused(() -> template.sendBatch(Arrays.asList(builder().build(), null)), "message", "null",
                "must not be null");
    }

    @Test
    void batchMessageIsCheckedAsASingleOneWouldBe() {
        assertRefused(() -> template.sendBatch(List.of(builder().build(), builder().tags(" ").build())), "tags", "' '",
                "must not be blank");
    }

    @Test
    void batchToTwoTopicsIsRefused() {
        assertRefused(() -> template.sendBatch(List.of(builder().build(), message("other_topic"))),
                "topic of batch message 1", "'other_topic'", "must be the batch's topic 'orders'");
    }

    @Test
    void delayedBatchIsRefused() {
        assertRefused(() -> template.sendBatch(List.of(builder().delayLevel(3).build())),
                "delay level of batch message 0", "'3'", "must be 0: the broker does not delay batches");
    }

    @Test
    void batchMixingWaitSettingsIsRefused() {
        assertRefused(() -> template.sendBatch(List.of(builder().build(), builder().waitStoreMsgOk(false).build())),
                "waitStoreMsgOk of batch message 1", "'false'", "must be the same for every message of a batch");
    }

    @Test
    void aBatchMessageOverTheMaximumSizeOnItsOwnIsRefused() {
        // one record: 22 bytes of lengths and flags, a 1-byte body, WAIT and UNIQ_KEY properties in 52 bytes; a
        // batch larger than the maximum is split into requests, but no request can carry this message
        assertRefused(() -> template.sendBatch(List.of(builder().body(new byte[1]).build())), "batch message 0",
                "'75 bytes encoded'", "must encode to at most " + MAX_MESSAGE_SIZE + " bytes on its own");
    }

    @Test
    void asyncBatchOfInvalidMessagesReturnsAnAlreadyFailedFuture() {
        CompletableFuture<BatchSendResult> future = template.sendBatchAsync(List.of());

        assertThat(future).isCompletedExceptionally();
        assertThat(catchThrowable(future::get)).cause().isExactlyInstanceOf(MQValidationException.class);
    }

    // ---- async and oneway ------------------------------------------------------------------------------------------

    @Test
    void asyncSendOfAnInvalidMessageReturnsAnAlreadyFailedFutureAndSendsNothing() {
        int before = server.requests().size();

        CompletableFuture<SendResult> future = template.sendAsync(builder().tags(" ").build());

        assertThat(future).isCompletedExceptionally();
        Throwable cause = catchThrowable(future::get);
        assertThat(cause).isInstanceOf(ExecutionException.class).cause().isExactlyInstanceOf(MQValidationException.class)
                .hasMessage("tags ' ' is invalid: must not be blank (leave it null for no tag)");
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void asyncSendWithAZeroTimeoutReturnsAnAlreadyFailedFuture() {
        CompletableFuture<SendResult> future = template.sendAsync(builder().build(), Duration.ZERO);

        assertThat(future).isCompletedExceptionally();
        assertThat(catchThrowable(future::get)).cause().isExactlyInstanceOf(MQValidationException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void onewaySendOfAnInvalidMessageThrowsAndSendsNothing() {
        assertRefused(() -> template.sendOneway(builder().delayLevel(-1).build()), "delayLevel", "'-1'",
                "must be 0 (no delay) up to 18");
    }

    // ---- template creation -----------------------------------------------------------------------------------------

    @Test
    void negativeCloseTimeoutIsRefusedAtBuild() {
        // Netty refuses a negative shutdown timeout, so the I/O threads would never stop
        assertRefused(() -> config(server.address()).closeTimeout(Duration.ofMillis(-1)).build(), "closeTimeout",
                "'PT-0.001S'", "must not be negative (zero closes at once)");
    }

    @Test
    void blankProducerGroupIsRefusedAtCreate() {
        assertRefused(() -> MQTemplate.create(config(server.address()).producerGroup(" ").build()), "producerGroup",
                "' '", "must not be blank");
    }

    @Test
    void producerGroupWithAnIllegalCharacterIsRefusedAtCreate() {
        assertRefused(() -> MQTemplate.create(config(server.address()).producerGroup("my group").build()),
                "producerGroup", "'my group'", "may contain only letters, digits, '%', '|', '-' and '_'");
    }

    @Test
    void reservedProducerGroupIsRefusedAtCreate() {
        assertRefused(() -> MQTemplate.create(config(server.address()).producerGroup("DEFAULT_PRODUCER").build()),
                "producerGroup", "'DEFAULT_PRODUCER'", "is reserved by RocketMQ");
    }

    @Test
    void nullNameServerAddressIsRefusedAtCreate() {
        assertRefused(() -> MQTemplate.create(config(null).build()), "name server address", "null",
                "must list at least one host:port");
    }

    @Test
    void emptyNameServerAddressIsRefusedAtCreate() {
        assertRefused(() -> MQTemplate.create(config("").build()), "name server address", "''",
                "must list at least one host:port");
    }

    @ParameterizedTest
    @ValueSource(strings = { "foo", "127.0.0.1", "127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:port", ":9876" })
    void malformedNameServerAddressIsRefusedAtCreateNamingIt(String address) {
        assertRefused(() -> MQTemplate.create(config(address).build()), "name server address", "'" + address + "'",
                "must be host:port with a port in 1..65535");
    }

    @Test
    void malformedSecondNameServerAddressIsRefusedAtCreateNamingIt() {
        assertRefused(() -> MQTemplate.create(config(server.address() + ";foo").build()), "name server address",
                "'foo'", "must be host:port with a port in 1..65535");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static MQClientConfig.Builder config(String nameServer) {
        return MQClientConfig.builder().nameServer(nameServer);
    }

    private static MQMessage.Builder builder() {
        return MQMessage.builder("orders").body("hello");
    }

    private static MQMessage message(String topic) {
        return MQMessage.builder(topic).body("hello").build();
    }

    /** Sends {@code message} synchronously and checks the refusal. */
    private static MQValidationException assertRefused(MQMessage message, String field, String shownValue, String rule) {
        return assertRefused(() -> template.send(message), field, shownValue, rule);
    }

    /**
     * Runs {@code call} and checks it throws an {@link MQValidationException} naming field, value and rule, and that
     * the fake server received nothing meanwhile.
     */
    private static MQValidationException assertRefused(Executable call, String field, String shownValue, String rule) {
        int before = server.requests().size();
        Throwable thrown = catchThrowable(call::execute);
        assertThat(thrown).isExactlyInstanceOf(MQValidationException.class).isInstanceOf(MQNotSentException.class)
                .hasMessageStartingWith(field + " " + shownValue).hasMessageContaining(" is invalid: " + rule);
        MQValidationException error = (MQValidationException) thrown;
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.rule()).startsWith(rule);
        assertThat(error.mayHaveBeenStored()).isFalse();
        assertThat(server.requests()).as("nothing reached the server").hasSize(before);
        return error;
    }
}
