package dev.mqtemplate.client.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CodeNamesTests {

    @Test
    void responseCodeNamesIncludeTheNumber() {
        assertThat(ResponseCode.name(ResponseCode.SYSTEM_BUSY)).isEqualTo("SYSTEM_BUSY(2)");
        assertThat(ResponseCode.name(1500)).isEqualTo("GO_AWAY(1500)");
        assertThat(ResponseCode.name(29)).isEqualTo("INVALID_PARAMETER(29)");
        assertThat(ResponseCode.name(9999)).isEqualTo("UNKNOWN(9999)");
    }

    @Test
    void everyListedResponseCodeHasAName() {
        int[] codes = { 0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 29, 204, 205, 215, 501, 604, 1500 };
        for (int code : codes) {
            assertThat(ResponseCode.name(code)).doesNotStartWith("UNKNOWN");
        }
    }

    @Test
    void requestCodeNamesIncludeTheNumber() {
        assertThat(RequestCode.name(310)).isEqualTo("SEND_MESSAGE_V2(310)");
        assertThat(RequestCode.name(105)).isEqualTo("GET_ROUTEINFO_BY_TOPIC(105)");
        assertThat(RequestCode.name(39)).isEqualTo("CHECK_TRANSACTION_STATE(39)");
        assertThat(RequestCode.name(-3)).isEqualTo("UNKNOWN(-3)");
    }

    @Test
    void languageNamesMapBothWays() {
        assertThat(LanguageCode.name(LanguageCode.JAVA)).isEqualTo("JAVA");
        assertThat(LanguageCode.name(LanguageCode.NODE_JS)).isEqualTo("NODE_JS");
        assertThat(LanguageCode.fromName("GO")).isEqualTo(LanguageCode.GO);
        assertThat(LanguageCode.fromName("RUST")).isEqualTo((byte) 12);
        for (byte code = 0; code <= 13; code++) {
            assertThat(LanguageCode.fromName(LanguageCode.name(code))).isEqualTo(code);
        }
    }

    @Test
    void unknownLanguagesAreTolerated() {
        assertThat(LanguageCode.name((byte) 99)).isNull();
        assertThat(LanguageCode.name((byte) -1)).isNull();
        assertThat(LanguageCode.isKnown((byte) 99)).isFalse();
        assertThat(LanguageCode.fromName("COBOL")).isEqualTo(LanguageCode.OTHER);
    }

    @Test
    void headerSerializationWireTypes() {
        assertThat(HeaderSerialization.JSON.wireType()).isZero();
        assertThat(HeaderSerialization.BINARY.wireType()).isEqualTo(1);
        assertThat(HeaderSerialization.fromWireType(0)).isEqualTo(HeaderSerialization.JSON);
        assertThat(HeaderSerialization.fromWireType(1)).isEqualTo(HeaderSerialization.BINARY);
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> HeaderSerialization.fromWireType(2))
            .withMessageContaining("unknown header serialization type 2");
    }
}
