package dev.mqtemplate.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.testsupport.TestCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request signing as the broker checks it: the frame the encoder writes, decoded as a broker decodes it, carries
 * {@code AccessKey} and a {@code Signature} the broker's own rule recomputes.
 */
class RequestSignerTests {

    private static final String SECRET = TestCredentials.SECRET;

    @Test
    void matchesTheOfficialHooksSignatureForTheDocumentedVector() {
        // the vector of shared/docs/remoting-protocol.md §11, computed with the 5.3.3 AclClientRPCHook
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("a", "PG");
        fields.put("b", "T1");
        fields.put("c", "TBW102");
        fields.put("d", "4");
        fields.put("e", "0");
        fields.put("f", "0");
        fields.put("g", "1700000000000");
        fields.put("h", "0");
        fields.put("i", "WAIT\u0001true\u0002");
        fields.put("j", "0");
        fields.put("k", "false");
        fields.put("m", "false");
        fields.put("n", "broker-a");
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, fields,
                "hello".getBytes(StandardCharsets.UTF_8));

        RemotingCommand received = roundTrip(request, new RequestSigner("myAccessKey", "mySecretKey", null),
                HeaderSerialization.JSON);

        assertThat(received.extField("AccessKey")).isEqualTo("myAccessKey");
        assertThat(received.extField("Signature")).isEqualTo("c9aWMofBnmrU0OWtO6/RaTDqMeQ=");
    }

    @ParameterizedTest
    @EnumSource(HeaderSerialization.class)
    void everyRequestCodeIsSignedAsTheBrokerRecomputesIt(HeaderSerialization serialization) {
        RequestSigner signer = new RequestSigner("alice", SECRET, null);
        List<RemotingCommand> requests = List.of(
                RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "orders"), null),
                RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), "{\"clientID\":\"c\"}".getBytes()),
                RemotingCommand.request(RequestCode.UNREGISTER_CLIENT,
                        Map.of("clientID", "c", "producerGroup", "PG"), null),
                RemotingCommand.oneway(RequestCode.END_TRANSACTION, Map.of("topic", "orders", "commitLogOffset", "7"),
                        null),
                RemotingCommand.request(RequestCode.RECALL_MESSAGE, Map.of("topic", "orders", "recallHandle", "h"),
                        null),
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("a", "PG", "b", "orders", "i", "ünï"),
                        "body".getBytes(StandardCharsets.UTF_8)));
        for (RemotingCommand request : requests) {
            RemotingCommand received = roundTrip(request, signer, serialization);
            assertThat(TestCredentials.signedFor(received, "alice", SECRET)).as("%s", request).isTrue();
        }
    }

    @Test
    void aBodyThatWritesItselfIsSignedWithWhatItWrites() {
        byte[] parts = "batch-records".getBytes(StandardCharsets.UTF_8);
        BodyWriter writer = new BodyWriter() {
            @Override
            public int length() {
                return parts.length;
            }

            @Override
            public void writeTo(ByteBuf out) {
                out.writeBytes(parts);
            }
        };
        RemotingCommand request = RemotingCommand.requestWithHeader(RequestCode.SEND_BATCH_MESSAGE,
                new MapHeader(Map.of("b", "orders", "m", "true")), writer);

        RemotingCommand received = roundTrip(request, new RequestSigner("alice", SECRET, null),
                HeaderSerialization.JSON);

        assertThat(received.body()).isEqualTo(parts);
        assertThat(TestCredentials.signedFor(received, "alice", SECRET)).isTrue();
    }

    @Test
    void theSecurityTokenIsSentAndSigned() {
        RemotingCommand received = roundTrip(RemotingCommand.request(RequestCode.HEART_BEAT, Map.of(), null),
                new RequestSigner("alice", SECRET, SECRET + "-token"), HeaderSerialization.JSON);

        assertThat(received.extField("SecurityToken")).isEqualTo(SECRET + "-token");
        assertThat(TestCredentials.signedFor(received, "alice", SECRET)).isTrue();
    }

    @Test
    void anEmptyValueInTheBinaryFormIsSignedAsTheBrokerReadsIt() {
        // the broker's binary decoder reads an empty string as null, and its concatenation writes "null"
        RemotingCommand received = roundTrip(RemotingCommand.request(RequestCode.HEART_BEAT, Map.of("x", ""), null),
                new RequestSigner("alice", SECRET, null), HeaderSerialization.BINARY);
        Map<String, String> asBroker = new LinkedHashMap<>(received.extFields());
        asBroker.put("x", "null");
        RemotingCommand brokerView = RemotingCommand.request(received.code(), asBroker, received.body());

        assertThat(TestCredentials.signedFor(brokerView, "alice", SECRET)).isTrue();
    }

    @Test
    void responsesAreNotSignedAndUnsignedEncodersAddNothing() {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null, Map.of("k", "v"), null);
        assertThat(roundTrip(response, new RequestSigner("alice", SECRET, null), HeaderSerialization.JSON)
                .extFields()).containsOnlyKeys("k");
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT, Map.of("k", "v"), null);
        assertThat(roundTrip(request, null, HeaderSerialization.JSON).extFields()).containsOnlyKeys("k");
    }

    @Test
    void theSignerNeverShowsTheSecret() {
        assertThat(new RequestSigner("alice", SECRET, SECRET).toString()).contains("alice").doesNotContain(SECRET);
    }

    private static RemotingCommand roundTrip(RemotingCommand request, RequestSigner signer,
            HeaderSerialization serialization) {
        EmbeddedChannel client = new EmbeddedChannel(new FrameEncoder(serialization, signer));
        EmbeddedChannel server = new EmbeddedChannel(new FrameDecoder());
        client.writeOutbound(request.withOpaque(5));
        ByteBuf out;
        while ((out = client.readOutbound()) != null) {
            server.writeInbound(out);
        }
        RemotingCommand received = server.readInbound();
        assertThat(client.finishAndReleaseAll()).isFalse();
        assertThat(server.finishAndReleaseAll()).isFalse();
        return received;
    }

    /** A custom header given by a map, as the send path's headers write themselves. */
    private record MapHeader(Map<String, String> fields) implements CustomHeader {

        @Override
        public void writeJson(ByteBuf out) {
            StringBuilder text = new StringBuilder("{");
            fields.forEach((k, v) -> text.append(text.length() > 1 ? "," : "").append('"').append(k)
                    .append("\":\"").append(v).append('"'));
            out.writeBytes(text.append('}').toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void writeBinary(ByteBuf out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> toMap() {
            return fields;
        }
    }
}
