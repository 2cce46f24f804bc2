package dev.mqtemplate.client.protocol;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemotingCommandTests {

    @Test
    void requestHasClientDefaults() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("a", "PG"),
                Frames.utf8("hi"));
        assertThat(request.code()).isEqualTo(310);
        assertThat(request.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(request.version()).isEqualTo(479);
        assertThat(request.opaque()).isZero();
        assertThat(request.flag()).isZero();
        assertThat(request.remark()).isNull();
        assertThat(request.extField("a")).isEqualTo("PG");
        assertThat(request.extField("missing")).isNull();
        assertThat(request.body()).containsExactly('h', 'i');
        assertThat(request.isResponse()).isFalse();
        assertThat(request.isOneway()).isFalse();
    }

    @Test
    void nullExtFieldsBecomeAnEmptyUnmodifiableMap() {
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT, null, null);
        assertThat(request.extFields()).isEmpty();
        assertThatThrownBy(() -> request.extFields().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void extFieldsAreCopiedKeepingInsertionOrder() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("z", "1");
        source.put("a", "2");
        source.put("m", "3");
        RemotingCommand request = RemotingCommand.request(1, source, null);
        source.put("late", "4");
        assertThat(request.extFields()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"), Map.entry("m", "3"));
        assertThatThrownBy(() -> request.extFields().remove("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullKeysAndValuesAreRejected() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThatNullPointerException().isThrownBy(() -> RemotingCommand.request(1, nullValue, null))
            .withMessageContaining("'k'");
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertThatNullPointerException().isThrownBy(() -> RemotingCommand.request(1, nullKey, null));
    }

    @Test
    void onewayAndOpaqueCopiesKeepEverythingElse() {
        RemotingCommand request = RemotingCommand.request(RequestCode.END_TRANSACTION, Map.of("k", "v"), null);
        RemotingCommand oneway = request.asOneway().withOpaque(-42);
        assertThat(oneway.isOneway()).isTrue();
        assertThat(oneway.isResponse()).isFalse();
        assertThat(oneway.flag()).isEqualTo(2);
        assertThat(oneway.opaque()).isEqualTo(-42);
        assertThat(oneway.extFields()).isEqualTo(request.extFields());
        assertThat(request.isOneway()).as("original unchanged").isFalse();
        assertThat(request.opaque()).isZero();
        assertThat(RemotingCommand.oneway(RequestCode.END_TRANSACTION, null, null).flag()).isEqualTo(2);
    }

    @Test
    void responseSetsTheResponseFlag() {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SYSTEM_BUSY, "[OVERLOAD]", null, null);
        assertThat(response.isResponse()).isTrue();
        assertThat(response.flag()).isEqualTo(1);
        assertThat(response.remark()).isEqualTo("[OVERLOAD]");
    }

    @Test
    void responseToCopiesTheRequestOpaque() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, null, null).withOpaque(99);
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, null, null);
        assertThat(response.opaque()).isEqualTo(99);
        assertThat(response.isResponse()).isTrue();
    }

    @Test
    void equalityComparesBodyContents() {
        RemotingCommand one = RemotingCommand.request(1, Map.of("k", "v"), new byte[] { 1, 2 });
        RemotingCommand two = RemotingCommand.request(1, Map.of("k", "v"), new byte[] { 1, 2 });
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(one.withOpaque(1));
    }

    @Test
    void toStringNamesTheCodeAndShowsOnlyTheBodyLength() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("a", "PG"),
                Frames.utf8("secret-payload")).withOpaque(7);
        assertThat(request.toString()).contains("SEND_MESSAGE_V2(310)", "opaque=7", "a=PG", "14 bytes")
            .doesNotContain("secret-payload");
        assertThat(RemotingCommand.response(2, "busy", null, null).toString()).contains("SYSTEM_BUSY(2)", "busy");
    }
}
