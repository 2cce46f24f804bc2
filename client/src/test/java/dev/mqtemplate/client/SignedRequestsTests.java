package dev.mqtemplate.client;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.error.MQAuthenticationException;
import dev.mqtemplate.client.error.MQAuthorizationException;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import dev.mqtemplate.client.testsupport.FakeRoles;
import dev.mqtemplate.client.testsupport.TestCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A template with credentials against a scripted name server and broker: every request it makes, whatever its code,
 * arrives signed as the broker checks it; the broker's ACL refusals surface as typed errors naming the access key
 * (never the secret) and are not retried.
 */
class SignedRequestsTests {

    private static final String SECRET = TestCredentials.SECRET;

    private final AtomicReference<Function<RemotingCommand, FakeRemotingServer.Reply>> refusal =
            new AtomicReference<>(request -> null);

    private FakeRemotingServer server;

    private MQTemplate template;

    @AfterEach
    void stop() {
        if (template != null) {
            template.close();
        }
        server.close();
    }

    private void start(Credentials credentials) {
        server = FakeRemotingServer.start(request -> null);
        Function<RemotingCommand, FakeRemotingServer.Reply> broker = FakeRoles.broker();
        server.script(FakeRoles.nameServerAnd(server, request -> {
            FakeRemotingServer.Reply refused = refusal.get().apply(request);
            if (refused != null) {
                return refused;
            }
            if (request.code() == RequestCode.SEND_BATCH_MESSAGE) {
                return FakeRoles.sendOk(request, 0);
            }
            if (request.code() == RequestCode.HEART_BEAT || request.code() == RequestCode.UNREGISTER_CLIENT) {
                return respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), null));
            }
            if (request.code() == RequestCode.RECALL_MESSAGE) {
                return respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                        Map.of("msgId", "ID-1"), null));
            }
            return broker.apply(request);
        }));
        template = MQTemplate.create(MQClientConfig.builder().nameServer(server.address()).credentials(credentials)
                .sendTimeout(Duration.ofSeconds(30)).heartbeatInterval(Duration.ofMillis(200)).build());
    }

    @Test
    void everyRequestOfEveryKindArrivesSignedForTheAccessKey() {
        start(Credentials.of("alice", SECRET));

        template.send("orders", "one".getBytes(StandardCharsets.UTF_8));
        template.sendBatch(List.of(MQMessage.builder("orders").body("a").build(),
                MQMessage.builder("orders").body("b").build()));
        template.sendOneway(MQMessage.builder("orders").body("c").build());
        template.sendInTransaction(MQMessage.builder("orders").body("d").build(), half -> TransactionDecision.COMMIT);
        template.recall("orders", handle("orders", FakeRoles.BROKER_NAME, "ID-1"));
        server.awaitRequests(RequestCode.HEART_BEAT, 1, Duration.ofSeconds(10));
        server.awaitRequests(RequestCode.END_TRANSACTION, 1, Duration.ofSeconds(10));
        template.close(); // unregisters: one more request kind

        List<RemotingCommand> requests = server.requests();
        assertThat(requests).extracting(RemotingCommand::code).contains(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.HEART_BEAT,
                RequestCode.END_TRANSACTION, RequestCode.RECALL_MESSAGE, RequestCode.UNREGISTER_CLIENT);
        assertThat(requests).allSatisfy(request -> assertThat(TestCredentials.signedFor(request, "alice", SECRET))
                .as("%s", request.code()).isTrue());
    }

    @Test
    void theSecurityTokenGoesWithEveryRequest() {
        start(Credentials.of("alice", SECRET).withSecurityToken(SECRET + "-token"));

        template.send("orders", "one".getBytes(StandardCharsets.UTF_8));

        assertThat(server.requests()).allSatisfy(request -> {
            assertThat(request.extField("SecurityToken")).isEqualTo(SECRET + "-token");
            assertThat(TestCredentials.signedFor(request, "alice", SECRET)).isTrue();
        });
    }

    @Test
    void aRefusedSignatureIsAnAuthenticationErrorNamingTheKeyNotTheSecretAndIsNotRetried() {
        start(Credentials.of("alice", SECRET));
        refusal.set(request -> request.code() == RequestCode.SEND_MESSAGE_V2
                ? FakeRoles.error(request, ResponseCode.NO_PERMISSION, "check signature failed.") : null);

        MQAuthenticationException error = catchThrowableOfType(
                () -> template.send("orders", "x".getBytes(StandardCharsets.UTF_8)), MQAuthenticationException.class);

        assertThat(error).isNotNull();
        assertThat(error.accessKey()).isEqualTo("alice");
        assertThat(error.responseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(error.getMessage()).contains("'alice'", "check signature failed.").doesNotContain(SECRET);
        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(1);
    }

    @Test
    void aRefusedPermissionIsAnAuthorizationErrorNamingKeyTopicAndActionAndIsNotRetried() {
        start(Credentials.of("alice", SECRET));
        refusal.set(request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? FakeRoles.error(request,
                ResponseCode.NO_PERMISSION,
                "User:alice has no permission to access Topic:orders from 127.0.0.1, no matched policies.") : null);

        MQAuthorizationException error = catchThrowableOfType(
                () -> template.send("orders", "x".getBytes(StandardCharsets.UTF_8)), MQAuthorizationException.class);

        assertThat(error).isNotNull();
        assertThat(error.accessKey()).isEqualTo("alice");
        assertThat(error.topic()).isEqualTo("orders");
        assertThat(error.action()).isEqualTo("Pub");
        assertThat(error.getMessage()).contains("'alice'", "Pub", "'orders'").doesNotContain(SECRET);
        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(1);
    }

    @Test
    void anAutomaticBatchKeepsTheTypeOfTheRefusal() {
        start(Credentials.of("alice", SECRET));
        template.close();
        template = MQTemplate.create(MQClientConfig.builder().nameServer(server.address())
                .credentials(Credentials.of("alice", SECRET)).autoBatching(dev.mqtemplate.client.send.AutoBatching.DEFAULTS)
                .sendTimeout(Duration.ofSeconds(30)).build());
        refusal.set(request -> request.code() == RequestCode.SEND_MESSAGE_V2
                || request.code() == RequestCode.SEND_BATCH_MESSAGE
                ? FakeRoles.error(request, ResponseCode.NO_PERMISSION, "User:alice is not found.") : null);

        Throwable failure = catchThrowableOfType(() -> template.sendAsync(MQMessage.builder("orders").body("x")
                .build()).join(), java.util.concurrent.CompletionException.class).getCause();

        assertThat(failure).isInstanceOf(MQAuthenticationException.class);
    }

    @Test
    void anOtherNoPermissionIsStillAPlainRejectionAndRetried() {
        start(Credentials.of("alice", SECRET));
        refusal.set(request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? FakeRoles.error(request,
                ResponseCode.NO_PERMISSION, "the broker[broker-a] sending message is forbidden") : null);

        MQBrokerRejectedException error = catchThrowableOfType(
                () -> template.send("orders", "x".getBytes(StandardCharsets.UTF_8)), MQBrokerRejectedException.class);

        assertThat(error).isExactlyInstanceOf(MQBrokerRejectedException.class);
        assertThat(server.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(3);
    }

    @Test
    void anUnsignedClientRefusedForWantOfCredentialsIsToldSo() {
        start(null);
        refusal.set(request -> request.code() == RequestCode.SEND_MESSAGE_V2
                ? FakeRoles.error(request, ResponseCode.NO_PERMISSION, "username cannot be null.") : null);

        MQAuthenticationException error = catchThrowableOfType(
                () -> template.send("orders", "x".getBytes(StandardCharsets.UTF_8)), MQAuthenticationException.class);

        assertThat(error.accessKey()).isNull();
        assertThat(error.getMessage()).contains("no credentials");
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.extFields())
                .doesNotContainKeys("AccessKey", "Signature"));
    }

    @Test
    void credentialsNeverShowTheSecretOrToken() {
        Credentials credentials = Credentials.of("alice", SECRET).withSecurityToken(SECRET + "-token");
        server = FakeRemotingServer.start(request -> null);

        assertThat(credentials.toString()).contains("alice").doesNotContain(SECRET);
        assertThat(MQClientConfig.builder().nameServer("127.0.0.1:9876").credentials(credentials).build()
                .toString()).doesNotContain(SECRET);
    }

    private static String handle(String topic, String brokerName, String id) {
        String text = "v1 " + topic + " " + brokerName + " " + (System.currentTimeMillis() + 60_000) + " " + id;
        return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
