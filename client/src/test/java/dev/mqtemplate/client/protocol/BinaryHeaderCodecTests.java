package dev.mqtemplate.client.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BinaryHeaderCodecTests {

    @Test
    void writesTheDocumentedLayout() {
        RemotingCommand command = RemotingCommand.of(310, LanguageCode.JAVA, 479, 7, 2, "ok", Map.of("a", "PG"),
                null);
        assertThat(ByteBufUtil.hexDump(encode(command))).isEqualTo("0136" + "00" + "01df" + "00000007" + "00000002"
                + "00000002" + "6f6b" + "00000009" + "0001" + "61" + "00000002" + "5047");
    }

    @Test
    void roundTripsEveryField() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("i", "WAIT\u0001true\u0002TAGS\u0001tagA\u0002");
        fields.put("k\u00e9y", "\u2713\uD83D\uDE00");
        RemotingCommand command = RemotingCommand.of(-2, LanguageCode.RUST, 32767, Integer.MIN_VALUE, 3,
                "r\u00e9mark", fields, null);
        assertThat(decode(encode(command))).isEqualTo(command);
    }

    @Test
    void aSendAnswersRepeatedKeysAndValuesAreSharedAndTheRestDecodedFromADirectBuffer() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("msgId", "7F00000100002A9F0000000000A1B2C3");
        fields.put("MSG_REGION", "DefaultRegion");
        fields.put("TRACE_ON", "true");
        fields.put("note", "gr\u00fc\u00df dich");
        byte[] header = encode(RemotingCommand.response(0, null, fields, null));
        ByteBuf direct = Unpooled.directBuffer(header.length).writeBytes(header);
        try {
            RemotingCommand decoded = BinaryHeaderCodec.decode(direct, null);

            assertThat(decoded.extFields()).containsExactlyInAnyOrderEntriesOf(fields);
            String key = decoded.extFields().keySet().stream().filter("msgId"::equals).findFirst().orElseThrow();
            assertThat(key).isSameAs(KnownStrings.KEYS[0]);
            assertThat(decoded.extField("MSG_REGION")).isSameAs(KnownStrings.VALUES[0]);
            assertThat(direct.readerIndex()).isZero();
        } finally {
            direct.release();
        }
    }

    @Test
    void emptyStringsDecodeAsAbsent() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("empty", "");
        fields.put("kept", "v");
        RemotingCommand command = RemotingCommand.response(1, "", fields, null);
        RemotingCommand decoded = decode(encode(command));
        assertThat(decoded.remark()).isNull();
        assertThat(decoded.extFields()).containsExactly(Map.entry("kept", "v"));
    }

    @Test
    void repeatedKeyKeepsTheLastValue() {
        byte[] header = withEntries("0001" + "61" + "00000001" + "31", "0001" + "61" + "00000001" + "32");
        assertThat(decode(header).extFields()).containsExactly(Map.entry("a", "2"));
    }

    @Test
    void rejectsAHeaderTooShortForItsFixedFields() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(new byte[10]))
            .withMessage("binary header of 10 bytes is truncated: the fixed fields and the remark length need 17");
    }

    @Test
    void rejectsAMissingExtFieldsLength() {
        byte[] header = ByteBufUtil.decodeHexDump("0136" + "00" + "01df" + "00000007" + "00000000" + "00000000");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(header))
            .withMessage("binary header is truncated: extFields length needs 4 bytes, 0 left");
    }

    @Test
    void rejectsANegativeRemarkLength() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(header(-5, 0, "")))
            .withMessage("negative remark length -5 in binary header");
    }

    @Test
    void rejectsARemarkLongerThanTheHeader() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(header(500, 0, "")))
            .withMessage("remark length 500 exceeds the 4 bytes left in the binary header");
    }

    @Test
    void rejectsExtFieldsLongerThanTheHeader() {
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(header(0, 100, "0001")))
            .withMessage("extFields length 100 exceeds the 2 bytes left in the binary header");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(header(0, -1, "")))
            .withMessage("negative extFields length -1 in binary header");
    }

    @Test
    void rejectsBadEntryLengths() {
        assertThatExceptionOfType(ProtocolException.class)
            .isThrownBy(() -> decode(withEntries("ffff" + "00000000")))
            .withMessage("negative extFields key length -1 in binary header");
        assertThatExceptionOfType(ProtocolException.class)
            .isThrownBy(() -> decode(withEntries("0001" + "61" + "80000000")))
            .withMessage("negative extFields value length -2147483648 in binary header");
        // The value claims 3 bytes but the extFields section ends after 1, even though the header goes on.
        byte[] overrun = ByteBufUtil.decodeHexDump(hexHeader(0) + "00000008" + "0001" + "61" + "00000003" + "31"
                + "3232");
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> decode(overrun))
            .withMessage("extFields value length 3 exceeds the 1 bytes left in the binary header");
        assertThatExceptionOfType(ProtocolException.class)
            .isThrownBy(() -> decode(withEntries("0001" + "61" + "0000")))
            .withMessage("binary header is truncated: extFields value length needs 4 bytes, 2 left");
    }

    @Test
    void refusesValuesTheFormatCannotCarry() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> encode(RemotingCommand.request(70_000, null, null)))
            .withMessage("code 70000 does not fit the binary header's int16");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> encode(RemotingCommand.request(1, Map.of("k".repeat(40_000), "v"), null)))
            .withMessageContaining("40000 UTF-8 bytes");
    }

    private static String hexHeader(int remarkLength) {
        return "0136" + "00" + "01df" + "00000007" + "00000000" + String.format("%08x", remarkLength);
    }

    /** Fixed fields, then the given remark length and extFields length, then the given hex. */
    private static byte[] header(int remarkLength, int extFieldsLength, String restHex) {
        return ByteBufUtil.decodeHexDump(hexHeader(remarkLength) + String.format("%08x", extFieldsLength)
                + restHex);
    }

    /** A header without remark whose extFields section holds the given hex entries. */
    private static byte[] withEntries(String... entryHex) {
        String joined = String.join("", entryHex);
        return header(0, joined.length() / 2, joined);
    }

    private static byte[] encode(RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        try {
            BinaryHeaderCodec.encode(command, out);
            return ByteBufUtil.getBytes(out);
        }
        finally {
            Frames.release(out);
        }
    }

    private static RemotingCommand decode(byte[] header) {
        return Frames.withBuffer(header, (buf) -> BinaryHeaderCodec.decode(buf, null));
    }
}
