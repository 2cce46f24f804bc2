package dev.mqtemplate.client.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.mqtemplate.client.error.MQValidationException;

/**
 * The message properties string of the send header: its wire names, its encoding
 * ({@code name U+0001 value U+0002}, repeated) and which names a user may not set.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageProperties {

    /** Business keys, several separated by {@link #KEY_SEPARATOR}. */
    public static final String KEYS = "KEYS";

    /** Separator between several business keys in {@link #KEYS}. */
    public static final String KEY_SEPARATOR = " ";

    /** The message tag; the broker hashes it for filtering. */
    public static final String TAGS = "TAGS";

    /** {@code "true"} or {@code "false"}: whether the broker waits for flush and replication before answering. */
    public static final String WAIT = "WAIT";

    /** Delay level, 1 to N. */
    public static final String DELAY = "DELAY";

    /** Client message id, see {@link MessageIdGenerator}. */
    public static final String UNIQ_KEY = "UNIQ_KEY";

    /** {@code "true"} on transactional half messages. */
    public static final String TRAN_MSG = "TRAN_MSG";

    /** Where the broker keeps a message's own topic while it sits in a system topic (half, timer, retry). */
    public static final String REAL_TOPIC = "REAL_TOPIC";

    /** Producer group, on transactional half messages. */
    public static final String PGROUP = "PGROUP";

    /** Transaction id the official client records after a half send. */
    public static final String TRANSACTION_ID = "__transactionId__";

    /** Seconds before the broker first checks a transaction's state. */
    public static final String CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";

    /** The namespace, when one is configured. */
    public static final String INSTANCE_ID = "INSTANCE_ID";

    /** FIFO / sharding key (5.x). */
    public static final String SHARDING_KEY = "__SHARDINGKEY";

    /** Absolute delivery time, epoch milliseconds (5.x timer). */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";

    /** Relative delay in seconds (5.x timer). */
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";

    /** Relative delay in milliseconds (5.x timer). */
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";

    /** Reconsume count; only for {@code %RETRY%} sends, moved into the send header. */
    public static final String RECONSUME_TIME = "RECONSUME_TIME";

    /** Maximum reconsume count; only for {@code %RETRY%} sends, moved into the send header. */
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";

    /** {@code "reply"} marks a reply message. */
    public static final String MSG_TYPE = "MSG_TYPE";

    /** Request-reply correlation id. */
    public static final String CORRELATION_ID = "CORRELATION_ID";

    /** Request-reply: the client id the reply goes to. */
    public static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";

    /** Request-reply: time to live of the request. */
    public static final String TTL = "TTL";

    /** Largest encoded properties string in UTF-8 bytes: stored behind an int16 length. */
    public static final int MAX_ENCODED_LENGTH = Short.MAX_VALUE;

    /** Between a property's name and its value. */
    public static final char NAME_VALUE_SEPARATOR = '\u0001';

    /** After each property's value. */
    public static final char PROPERTY_SEPARATOR = '\u0002';

    /*
     * Names a user property may not take: everything RocketMQ's own MessageConst reserves (5.3.3), plus the names our
     * protocol reference lists as set by the client, broker or internals but that MessageConst happens to leave open
     * (__transactionId__, CHECK_IMMUNITY_TIME_IN_SECONDS, __SHARDINGKEY, TRANSACTION_CHECK_TIMES, INNER_NUM,
     * INNER_BASE). Letting users set those would let them change how the broker treats a message behind the API's back.
     */
    private static final Set<String> RESERVED = Set.of(
            // set by the producer
            KEYS, TAGS, WAIT, DELAY, UNIQ_KEY, TRAN_MSG, PGROUP, TRANSACTION_ID, CHECK_IMMUNITY_TIME_IN_SECONDS,
            INSTANCE_ID, SHARDING_KEY, TIMER_DELIVER_MS, TIMER_DELAY_SEC, TIMER_DELAY_MS, RECONSUME_TIME,
            MAX_RECONSUME_TIMES, MSG_TYPE, CORRELATION_ID, REPLY_TO_CLIENT, TTL,
            // set by the broker or internally
            "REAL_TOPIC", "REAL_QID", "RETRY_TOPIC", "CLUSTER", "MSG_REGION", "TRACE_ON", "TIMER_OUT_MS",
            "TIMER_ENQUEUE_MS", "TIMER_DEQUEUE_MS", "TIMER_ROLL_TIMES", "TIMER_DEL_UNIQKEY", "TIMER_DELAY_LEVEL",
            "TRAN_PREPARED_QUEUE_OFFSET", "TRANSACTION_CHECK_TIMES", "POP_CK", "POP_CK_OFFSET", "1ST_POP_TIME",
            "INNER_NUM", "INNER_BASE", "INNER_MULTI_QUEUE_OFFSET", "__CRC32#", "__BORNHOST", "BORN_TIMESTAMP",
            "DLQ_ORIGIN_TOPIC", "DLQ_ORIGIN_MESSAGE_ID", "MIN_OFFSET", "MAX_OFFSET", "BUYER_ID", "ORIGIN_MESSAGE_ID",
            "TRANSFER_FLAG", "CORRECTION_FLAG", "MQ2_FLAG", "EXTEND_UNIQ_INFO", "CONSUME_START_TIME", "DUP_INFO",
            "ARRIVE_TIME", "PUSH_REPLY_TIME");

    private MessageProperties() {
    }

    /** Whether {@code name} belongs to RocketMQ and may not be set as a user property. */
    public static boolean isReserved(String name) {
        return name != null && RESERVED.contains(name);
    }

    /** The reserved names, see {@link #isReserved(String)}. */
    public static Set<String> reservedNames() {
        return RESERVED;
    }

    /**
     * Checks a user property the way the official client's {@code putUserProperty} does, and also refuses the two
     * separator characters, which would otherwise let a value smuggle extra (even reserved) properties onto the wire.
     *
     * @throws MQValidationException if the name is reserved or blank, the value blank, or either holds a separator or
     *     an unpaired surrogate
     */
    public static void checkUserProperty(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new MQValidationException("property name", name, "must not be blank");
        }
        if (isReserved(name)) {
            throw new MQValidationException("property name", name, "is reserved by RocketMQ");
        }
        if (value == null || value.isBlank()) {
            throw new MQValidationException("property " + name, value, "must not be blank");
        }
        if (containsSeparator(name)) {
            throw new MQValidationException("property name", name, "must not contain U+0001 or U+0002");
        }
        if (containsSeparator(value)) {
            throw new MQValidationException("property " + name, value, "must not contain U+0001 or U+0002");
        }
        refuseUnpairedSurrogate("property name", name);
        refuseUnpairedSurrogate("property " + name, value);
    }

    /**
     * Refuses text with half a surrogate pair. UTF-8 has no encoding for one, so encoders write {@code '?'} instead:
     * the value stored is not the value sent, and a length counted before encoding (a batch's) no longer matches
     * the bytes written. Whole pairs (an emoji, say) are fine.
     */
    static void refuseUnpairedSurrogate(String field, String text) {
        int index = unpairedSurrogateIndex(text);
        if (index >= 0) {
            throw new MQValidationException(field, text,
                    "must not contain an unpaired UTF-16 surrogate (at index " + index + ")");
        }
    }

    /**
     * The index of the first surrogate char in {@code text} that is not half of a high-low pair, or -1 when there is
     * none. One pass and no allocation: it runs for every tag, key and property of every send.
     */
    public static int unpairedSurrogateIndex(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                continue;
            }
            if (c <= Character.MAX_HIGH_SURROGATE && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a whole pair
                continue;
            }
            return i;
        }
        return -1;
    }

    /**
     * Encodes properties as {@code name U+0001 value U+0002} for each entry, with a trailing U+0002; entries with a
     * null value are skipped. Names and values are not checked here (see {@link #checkUserProperty}).
     */
    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String value = entry.getValue();
            if (value != null) {
                sb.append(entry.getKey()).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
            }
        }
        return sb.toString();
    }

    /**
     * The length in UTF-8 bytes of {@link #encode(Map)}'s result, computed without building it, so that a caller can
     * enforce {@link #MAX_ENCODED_LENGTH} before anything goes to the network.
     */
    public static int encodedUtf8Length(Map<String, String> properties) {
        if (properties == null) {
            return 0;
        }
        int length = 0;
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String value = entry.getValue();
            if (value != null) {
                length += utf8Length(entry.getKey()) + utf8Length(value) + 2;
            }
        }
        return length;
    }

    /**
     * Parses a properties string as RocketMQ readers do: split on U+0002, then at the first U+0001; segments with no
     * U+0001, an empty name or an empty value are dropped, and a repeated name keeps its last value.
     *
     * @return a new mutable map in wire order; empty for null or empty input
     */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return properties;
        }
        int start = 0;
        int length = encoded.length();
        while (start < length) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int separator = encoded.indexOf(NAME_VALUE_SEPARATOR, start);
            if (separator > start && separator < end - 1) {
                properties.put(encoded.substring(start, separator), encoded.substring(separator + 1, end));
            }
            start = end + 1;
        }
        return properties;
    }

    private static boolean containsSeparator(String text) {
        return text.indexOf(NAME_VALUE_SEPARATOR) >= 0 || text.indexOf(PROPERTY_SEPARATOR) >= 0;
    }

    /**
     * Appends one {@code name U+0001 value U+0002} entry, as {@link #encode(Map)} writes each, for callers that build
     * the string without a map first.
     */
    public static StringBuilder append(StringBuilder encoded, String name, String value) {
        return encoded.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
    }

    /**
     * The length of {@code text} in UTF-8 bytes, counted without encoding it. Mirrors String.getBytes(UTF_8), which
     * writes a lone surrogate as the one-byte '?'.
     */
    public static int utf8Length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // two chars become four bytes
                i++;
            }
            else if (Character.isSurrogate(c)) {
                continue;
            }
            else {
                bytes += 2;
            }
        }
        return bytes;
    }
}
