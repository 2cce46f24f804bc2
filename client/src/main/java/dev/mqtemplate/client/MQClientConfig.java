package dev.mqtemplate.client;

import dev.mqtemplate.client.error.MQValidationException;
import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.CompressionType;
import dev.mqtemplate.client.message.MessageValidator;
import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.route.Namespace;
import dev.mqtemplate.client.send.AutoBatching;
import dev.mqtemplate.client.send.BackpressurePolicy;
import dev.mqtemplate.client.send.InFlightLimiter;
import dev.mqtemplate.client.transport.ClientTls;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of an {@link MQTemplate}, immutable, with a builder whose defaults follow the official producer
 * where it has one. Only the name server address has no default. Durations longer than
 * {@link MessageValidator#MAX_TIMEOUT} (a week) are taken as that, so no deadline or conversion overflows.
 */
public final class MQClientConfig {

    public static final String DEFAULT_PRODUCER_GROUP = "mqtemplate_producer";

    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(3);

    public static final int DEFAULT_RETRIES = 2;

    public static final int DEFAULT_COMPRESS_THRESHOLD = 4 * 1024;

    public static final int DEFAULT_COMPRESS_LEVEL = 5;

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

    public static final int DEFAULT_CONNECTIONS_PER_BROKER = 1;

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(3);

    public static final Duration DEFAULT_ROUTE_REFRESH_INTERVAL = Duration.ofSeconds(30);

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(3);

    public static final int DEFAULT_MAX_DELAY_LEVEL = 18;

    /** Longest timer a 5.3.3 broker accepts by default: its {@code timerMaxDelaySec}, 259200 s (3 days). */
    public static final Duration DEFAULT_TIMER_MAX_DELAY = Duration.ofSeconds(259_200);

    public static final int DEFAULT_MAX_IN_FLIGHT = InFlightLimiter.DEFAULT_MAX_IN_FLIGHT;

    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = InFlightLimiter.DEFAULT_MAX_IN_FLIGHT_BYTES;

    private final String nameServer;

    private final String producerGroup;

    private final Duration sendTimeout;

    private final int retries;

    private final boolean retryUnknownOutcome;

    private final int compressThreshold;

    private final int compressLevel;

    private final CompressionType compressionType;

    private final int maxMessageSize;

    private final int maxDelayLevel;

    private final Duration timerMaxDelay;

    private final int connectionsPerBroker;

    private final Duration connectTimeout;

    private final Duration lookupTimeout;

    private final Duration routeRefreshInterval;

    private final Duration heartbeatInterval;

    private final Duration closeTimeout;

    private final HeaderSerialization headerSerialization;

    private final int maxFrameLength;

    private final int maxInFlight;

    private final long maxInFlightBytes;

    private final BackpressurePolicy backpressurePolicy;

    private final Duration backpressureMaxWait;

    private final AutoBatching autoBatching;

    private final String namespace;

    private final Credentials credentials;

    private final ClientTls tls;

    private MQClientConfig(Builder builder) {
        this.nameServer = builder.nameServer;
        this.producerGroup = builder.producerGroup;
        this.sendTimeout = positive("sendTimeout", builder.sendTimeout);
        this.retries = atLeast("retries", builder.retries, 0);
        this.retryUnknownOutcome = builder.retryUnknownOutcome;
        this.compressThreshold = atLeast("compressThreshold", builder.compressThreshold, 0);
        this.compressionType = Objects.requireNonNull(builder.compressionType, "compressionType");
        this.compressLevel = builder.compressLevel;
        BodyCompressor.checkLevel(compressionType, compressLevel);
        this.maxMessageSize = atLeast("maxMessageSize", builder.maxMessageSize, 1);
        this.maxDelayLevel = atLeast("maxDelayLevel", builder.maxDelayLevel, 0);
        // not clamped to a week like the timeouts: a broker may allow timers of a month
        this.timerMaxDelay = Objects.requireNonNull(builder.timerMaxDelay, "timerMaxDelay");
        if (timerMaxDelay.isZero() || timerMaxDelay.isNegative()) {
            throw new IllegalArgumentException("timerMaxDelay must be positive, was " + timerMaxDelay);
        }
        this.connectionsPerBroker = atLeast("connectionsPerBroker", builder.connectionsPerBroker, 1);
        this.connectTimeout = positive("connectTimeout", builder.connectTimeout);
        this.lookupTimeout = positive("lookupTimeout", builder.lookupTimeout);
        this.routeRefreshInterval = positive("routeRefreshInterval", builder.routeRefreshInterval);
        this.heartbeatInterval = positive("heartbeatInterval", builder.heartbeatInterval);
        this.closeTimeout = MessageValidator.clampTimeout(Objects.requireNonNull(builder.closeTimeout, "closeTimeout"));
        if (closeTimeout.isNegative()) {
            // Netty refuses a negative shutdown timeout, and the I/O threads would then never stop
            throw new MQValidationException("closeTimeout", closeTimeout, "must not be negative (zero closes at once)");
        }
        this.headerSerialization = Objects.requireNonNull(builder.headerSerialization, "headerSerialization");
        this.maxFrameLength = atLeast("maxFrameLength", builder.maxFrameLength, 1024);
        this.maxInFlight = atLeast("maxInFlight", builder.maxInFlight, 1);
        if (builder.maxInFlightBytes < 1) {
            throw new IllegalArgumentException("maxInFlightBytes must be at least 1, was " + builder.maxInFlightBytes);
        }
        this.maxInFlightBytes = builder.maxInFlightBytes;
        this.backpressurePolicy = Objects.requireNonNull(builder.backpressurePolicy, "backpressurePolicy");
        this.backpressureMaxWait = MessageValidator.clampTimeout(
                Objects.requireNonNull(builder.backpressureMaxWait, "backpressureMaxWait"));
        this.autoBatching = Objects.requireNonNull(builder.autoBatching, "autoBatching");
        // checked here, so that a bad namespace fails when the configuration is built, naming the value
        this.namespace = Namespace.of(builder.namespace).name();
        this.credentials = builder.credentials;
        this.tls = builder.tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder().nameServer(nameServer).producerGroup(producerGroup).sendTimeout(sendTimeout)
                .retries(retries).retryUnknownOutcome(retryUnknownOutcome).compressThreshold(compressThreshold)
                .compressLevel(compressLevel).compressionType(compressionType).maxMessageSize(maxMessageSize)
                .maxDelayLevel(maxDelayLevel).timerMaxDelay(timerMaxDelay)
                .connectionsPerBroker(connectionsPerBroker).connectTimeout(connectTimeout).lookupTimeout(lookupTimeout)
                .routeRefreshInterval(routeRefreshInterval).heartbeatInterval(heartbeatInterval)
                .closeTimeout(closeTimeout).headerSerialization(headerSerialization).maxFrameLength(maxFrameLength)
                .maxInFlight(maxInFlight).maxInFlightBytes(maxInFlightBytes).backpressurePolicy(backpressurePolicy)
                .backpressureMaxWait(backpressureMaxWait).autoBatching(autoBatching)
                .namespace(namespace).credentials(credentials).tls(tls);
    }

    /** The credentials every request is signed with, or {@code null} when requests are not signed (the default). */
    public Credentials credentials() {
        return credentials;
    }

    /** Name server addresses, {@code host:port} separated by {@code ;}. */
    public String nameServer() {
        return nameServer;
    }

    /** Producer group sent with every message and heartbeat. */
    public String producerGroup() {
        return producerGroup;
    }

    /** Time budget of one send, retries included. */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** Further attempts after a failure known not to have stored the message. */
    public int retries() {
        return retries;
    }

    /** Whether a send whose outcome is unknown (timeout, lost connection) is retried too, with the same id. */
    public boolean retryUnknownOutcome() {
        return retryUnknownOutcome;
    }

    /** Bodies of at least this many bytes are compressed. */
    public int compressThreshold() {
        return compressThreshold;
    }

    /** Compression level: zlib's 0..9, zstd's 0..22 (0: zstd's default); LZ4 has none. */
    public int compressLevel() {
        return compressLevel;
    }

    /**
     * The codec of compressed bodies: {@link CompressionType#ZLIB} by default, the one every consumer reads. LZ4 and
     * zstd need their library on the classpath ({@link CompressionType#artifact()}) and consumers of 4.9.4 or later.
     */
    public CompressionType compressionType() {
        return compressionType;
    }

    /** Largest body accepted, in bytes. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Highest delay level the brokers are configured with (18 by default on the broker). */
    public int maxDelayLevel() {
        return maxDelayLevel;
    }

    /**
     * Longest delay of a timer message, from the time it is sent: the brokers' {@code timerMaxDelaySec} (3 days by
     * default on a 5.3.3 broker). Timer messages due later are refused before the network.
     */
    public Duration timerMaxDelay() {
        return timerMaxDelay;
    }

    /** Connections kept per broker address. */
    public int connectionsPerBroker() {
        return connectionsPerBroker;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time each name server gets to answer a route request. */
    public Duration lookupTimeout() {
        return lookupTimeout;
    }

    public Duration routeRefreshInterval() {
        return routeRefreshInterval;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * How long close waits for sends in flight before completing them as outcome unknown; zero closes at once, a
     * negative value is refused.
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Header form of our requests. */
    public HeaderSerialization headerSerialization() {
        return headerSerialization;
    }

    /** Largest frame accepted from a peer, in bytes. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** Most async sends in flight at once. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Most body bytes of async sends in flight at once. */
    public long maxInFlightBytes() {
        return maxInFlightBytes;
    }

    /** What an async send does when the in-flight limits are reached. */
    public BackpressurePolicy backpressurePolicy() {
        return backpressurePolicy;
    }

    /** Longest an async send waits for room under {@link BackpressurePolicy#BLOCK}. */
    public Duration backpressureMaxWait() {
        return backpressureMaxWait;
    }

    /** Automatic batching of async sends; {@link AutoBatching#OFF} by default. */
    public AutoBatching autoBatching() {
        return autoBatching;
    }

    /**
     * The namespace topics and the producer group live in, RocketMQ's v1 form: the brokers store {@code orders} as
     * {@code <namespace>%orders}. Empty (the default) for none. Results, metrics and exceptions keep the user's
     * names; see {@link Namespace}.
     */
    public String namespace() {
        return namespace;
    }

    /** TLS for every name-server and broker connection, or {@code null} (the default) for plain TCP. */
    public ClientTls tls() {
        return tls;
    }

    /** A positive duration, clamped to {@link MessageValidator#MAX_TIMEOUT}. */
    private static Duration positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return MessageValidator.clampTimeout(value);
    }

    private static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    /** Builder of {@link MQClientConfig}; every setter documents its default through the DEFAULT_* constants. */
    public static final class Builder {

        private String nameServer;

        private String producerGroup = DEFAULT_PRODUCER_GROUP;

        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

        private int retries = DEFAULT_RETRIES;

        private boolean retryUnknownOutcome;

        private int compressThreshold = DEFAULT_COMPRESS_THRESHOLD;

        private int compressLevel = DEFAULT_COMPRESS_LEVEL;

        private CompressionType compressionType = CompressionType.ZLIB;

        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

        private int maxDelayLevel = DEFAULT_MAX_DELAY_LEVEL;

        private Duration timerMaxDelay = DEFAULT_TIMER_MAX_DELAY;

        private int connectionsPerBroker = DEFAULT_CONNECTIONS_PER_BROKER;

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Duration lookupTimeout = DEFAULT_LOOKUP_TIMEOUT;

        private Duration routeRefreshInterval = DEFAULT_ROUTE_REFRESH_INTERVAL;

        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;

        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private HeaderSerialization headerSerialization = HeaderSerialization.JSON;

        private int maxFrameLength = FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;

        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

        private long maxInFlightBytes = DEFAULT_MAX_IN_FLIGHT_BYTES;

        private BackpressurePolicy backpressurePolicy = BackpressurePolicy.BLOCK;

        private Duration backpressureMaxWait = DEFAULT_SEND_TIMEOUT;

        private AutoBatching autoBatching = AutoBatching.OFF;

        private String namespace = "";

        private Credentials credentials;

        private ClientTls tls;

        private Builder() {
        }

        /**
         * Signs every request (sends, heartbeats, route lookups, transaction ends, recalls) with these credentials,
         * for brokers with authentication (ACL); {@code null}, the default, signs nothing.
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** {@link #credentials(Credentials)} with an access key and a secret key, no security token. */
        public Builder credentials(String accessKey, String secretKey) {
            return credentials(Credentials.of(accessKey, secretKey));
        }

        /**
         * TLS for every connection, name servers and brokers (default {@code null}: plain TCP). The server's
         * certificate is verified against the context's trust material and, unless turned off in {@link ClientTls},
         * against the host or IP of each address. Sets no JVM-wide property.
         */
        public Builder tls(ClientTls tls) {
            this.tls = tls;
            return this;
        }

        /** TLS with this client context ({@code SslContextBuilder.forClient()...build()}), hostnames verified. */
        public Builder tls(io.netty.handler.ssl.SslContext sslContext) {
            this.tls = sslContext == null ? null : ClientTls.of(sslContext);
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder maxInFlightBytes(long maxInFlightBytes) {
            this.maxInFlightBytes = maxInFlightBytes;
            return this;
        }

        public Builder backpressurePolicy(BackpressurePolicy backpressurePolicy) {
            this.backpressurePolicy = backpressurePolicy;
            return this;
        }

        /**
         * Packs async sends to a busy topic into batch requests ({@link AutoBatching#DEFAULTS} to turn it on): more
         * messages per round trip, each with its own result.
         */
        public Builder autoBatching(AutoBatching autoBatching) {
            this.autoBatching = autoBatching;
            return this;
        }

        public Builder backpressureMaxWait(Duration backpressureMaxWait) {
            this.backpressureMaxWait = backpressureMaxWait;
            return this;
        }

        public Builder nameServer(String nameServer) {
            this.nameServer = nameServer;
            return this;
        }

        public Builder producerGroup(String producerGroup) {
            this.producerGroup = producerGroup;
            return this;
        }

        public Builder sendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
            return this;
        }

        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder retryUnknownOutcome(boolean retryUnknownOutcome) {
            this.retryUnknownOutcome = retryUnknownOutcome;
            return this;
        }

        public Builder compressThreshold(int compressThreshold) {
            this.compressThreshold = compressThreshold;
            return this;
        }

        public Builder compressLevel(int compressLevel) {
            this.compressLevel = compressLevel;
            return this;
        }

        /**
         * The codec of compressed bodies (default {@link CompressionType#ZLIB}). A codec whose library is missing
         * makes the template's creation fail with {@code MQCompressionUnavailableException}, naming the artifact.
         */
        public Builder compressionType(CompressionType compressionType) {
            this.compressionType = compressionType;
            return this;
        }

        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        public Builder maxDelayLevel(int maxDelayLevel) {
            this.maxDelayLevel = maxDelayLevel;
            return this;
        }

        /** The brokers' {@code timerMaxDelaySec}; default {@link #DEFAULT_TIMER_MAX_DELAY}, must be positive. */
        public Builder timerMaxDelay(Duration timerMaxDelay) {
            this.timerMaxDelay = timerMaxDelay;
            return this;
        }

        public Builder connectionsPerBroker(int connectionsPerBroker) {
            this.connectionsPerBroker = connectionsPerBroker;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder lookupTimeout(Duration lookupTimeout) {
            this.lookupTimeout = lookupTimeout;
            return this;
        }

        public Builder routeRefreshInterval(Duration routeRefreshInterval) {
            this.routeRefreshInterval = routeRefreshInterval;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public Builder headerSerialization(HeaderSerialization headerSerialization) {
            this.headerSerialization = headerSerialization;
            return this;
        }

        public Builder maxFrameLength(int maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        /**
         * The namespace topics and the producer group live in: the brokers store topic {@code orders} as
         * {@code <namespace>%orders}, the group likewise. {@code null} or empty (the default) for none. Letters,
         * digits, {@code -} and {@code _}, at most 64 characters.
         */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public MQClientConfig build() {
            return new MQClientConfig(this);
        }
    }
}
