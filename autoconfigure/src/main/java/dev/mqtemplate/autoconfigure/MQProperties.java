package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.client.Credentials;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.message.CompressionType;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.send.AutoBatching;
import dev.mqtemplate.client.send.BackpressurePolicy;
import dev.mqtemplate.client.transport.ClientResources;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the RocketMQ producer, bound from {@code mq.*}.
 */
@ConfigurationProperties("mq")
public class MQProperties {

    /**
     * Name server addresses, host:port separated by ';'. Required.
     */
    private String nameServer;

    /**
     * Producer group sent with every message and heartbeat.
     */
    private String producerGroup = MQClientConfig.DEFAULT_PRODUCER_GROUP;

    /**
     * Namespace topics and the producer group live in (RocketMQ's v1 namespace): the brokers store topic 'orders' as
     * '<namespace>%orders', the group likewise; results, metrics and errors keep the plain names. Letters, digits,
     * '-' and '_', at most 64 characters. Empty for none.
     */
    private String namespace;

    /**
     * Time budget of one send, retries included.
     */
    private Duration sendTimeout = MQClientConfig.DEFAULT_SEND_TIMEOUT;

    /**
     * Further attempts after a failure known not to have stored the message.
     */
    private int retries = MQClientConfig.DEFAULT_RETRIES;

    /**
     * Whether a send whose outcome is unknown (timeout, lost connection) is retried too, keeping its message id.
     */
    private boolean retryUnknownOutcome;

    /**
     * Largest message body accepted.
     */
    private DataSize maxMessageSize = DataSize.ofBytes(MQClientConfig.DEFAULT_MAX_MESSAGE_SIZE);

    /**
     * Highest delay level the brokers are configured with.
     */
    private int maxDelayLevel = MQClientConfig.DEFAULT_MAX_DELAY_LEVEL;

    /**
     * Longest delay of a timer message (deliverAt or delay), from the time it is sent: the brokers'
     * timerMaxDelaySec. Timer messages due later are refused before the network.
     */
    private Duration timerMaxDelay = MQClientConfig.DEFAULT_TIMER_MAX_DELAY;

    /**
     * Connections kept per broker address.
     */
    private int connectionsPerBroker = MQClientConfig.DEFAULT_CONNECTIONS_PER_BROKER;

    /**
     * Time allowed for a TCP connect.
     */
    private Duration connectTimeout = MQClientConfig.DEFAULT_CONNECT_TIMEOUT;

    /**
     * Time each name server gets to answer a route request.
     */
    private Duration lookupTimeout = MQClientConfig.DEFAULT_LOOKUP_TIMEOUT;

    /**
     * Interval of the background refresh of cached topic routes.
     */
    private Duration routeRefreshInterval = MQClientConfig.DEFAULT_ROUTE_REFRESH_INTERVAL;

    /**
     * Interval of the heartbeats that register the producer group with the brokers.
     */
    private Duration heartbeatInterval = MQClientConfig.DEFAULT_HEARTBEAT_INTERVAL;

    /**
     * How long closing waits for sends in flight before completing them as outcome unknown.
     */
    private Duration closeTimeout = MQClientConfig.DEFAULT_CLOSE_TIMEOUT;

    /**
     * Header form of the requests sent: JSON (what the official client sends by default) or BINARY.
     */
    private HeaderSerialization headerSerialization = HeaderSerialization.JSON;

    /**
     * Largest frame accepted from a broker or name server.
     */
    private DataSize maxFrameLength = DataSize.ofBytes(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);

    /**
     * Number of I/O threads shared by every connection.
     */
    private int ioThreads = ClientResources.DEFAULT_IO_THREADS;

    /**
     * Whether the I/O threads use Netty's native epoll transport where it is available (Linux); NIO otherwise.
     */
    private boolean nativeTransport = true;

    /**
     * Access key every request is signed with, for brokers with authentication (ACL; the user name of RocketMQ 5.3's
     * ACL 2.0). Requests are signed only when it and 'mq.secret-key' are both set.
     */
    private String accessKey;

    /**
     * Secret key that signs every request (the ACL 2.0 user's password). Never sent, logged, or shown by the
     * Actuator endpoints.
     */
    private String secretKey;

    /**
     * Security token sent with every request, for temporary (STS) credentials; optional. Never logged or shown by the
     * Actuator endpoints.
     */
    private String securityToken;

    private final Compression compression = new Compression();

    private final Async async = new Async();

    private final Metrics metrics = new Metrics();

    private final Ssl ssl = new Ssl();

    /**
     * Further templates, one per name, each with its own connections and route cache, injectable with
     * '@Qualifier("<name>")'. A named template starts from every 'mq.*' setting and overrides what it sets under
     * 'mq.templates.<name>.*' (name-server, producer-group, credentials, ssl, timeouts...). Names are lower-case
     * letters, digits and '-'; 'default' is the unnamed template's. I/O threads are shared: 'io-threads' and
     * 'native-transport' are set once, under 'mq.*'.
     */
    private Map<String, MQProperties> templates = new LinkedHashMap<>();

    public String getNameServer() {
        return nameServer;
    }

    public void setNameServer(String nameServer) {
        this.nameServer = nameServer;
    }

    public String getProducerGroup() {
        return producerGroup;
    }

    public void setProducerGroup(String producerGroup) {
        this.producerGroup = producerGroup;
    }

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public int getRetries() {
        return retries;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public boolean isRetryUnknownOutcome() {
        return retryUnknownOutcome;
    }

    public void setRetryUnknownOutcome(boolean retryUnknownOutcome) {
        this.retryUnknownOutcome = retryUnknownOutcome;
    }

    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getMaxDelayLevel() {
        return maxDelayLevel;
    }

    public void setMaxDelayLevel(int maxDelayLevel) {
        this.maxDelayLevel = maxDelayLevel;
    }

    public Duration getTimerMaxDelay() {
        return timerMaxDelay;
    }

    public void setTimerMaxDelay(Duration timerMaxDelay) {
        this.timerMaxDelay = timerMaxDelay;
    }

    public int getConnectionsPerBroker() {
        return connectionsPerBroker;
    }

    public void setConnectionsPerBroker(int connectionsPerBroker) {
        this.connectionsPerBroker = connectionsPerBroker;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getLookupTimeout() {
        return lookupTimeout;
    }

    public void setLookupTimeout(Duration lookupTimeout) {
        this.lookupTimeout = lookupTimeout;
    }

    public Duration getRouteRefreshInterval() {
        return routeRefreshInterval;
    }

    public void setRouteRefreshInterval(Duration routeRefreshInterval) {
        this.routeRefreshInterval = routeRefreshInterval;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public HeaderSerialization getHeaderSerialization() {
        return headerSerialization;
    }

    public void setHeaderSerialization(HeaderSerialization headerSerialization) {
        this.headerSerialization = headerSerialization;
    }

    public DataSize getMaxFrameLength() {
        return maxFrameLength;
    }

    public void setMaxFrameLength(DataSize maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public boolean isNativeTransport() {
        return nativeTransport;
    }

    public void setNativeTransport(boolean nativeTransport) {
        this.nativeTransport = nativeTransport;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Compression getCompression() {
        return compression;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public String getSecurityToken() {
        return securityToken;
    }

    public void setSecurityToken(String securityToken) {
        this.securityToken = securityToken;
    }

    /**
     * The credentials of 'mq.access-key', 'mq.secret-key' and 'mq.security-token', or {@code null} when no access
     * key is set; an access key without a secret key (or the other way round) is refused, naming the missing one.
     */
    public Credentials toCredentials() {
        boolean hasAccessKey = StringUtils.hasText(accessKey);
        boolean hasSecretKey = StringUtils.hasText(secretKey);
        if (!hasAccessKey && !hasSecretKey) {
            return null;
        }
        if (!hasAccessKey || !hasSecretKey) {
            throw new IllegalStateException("'mq.access-key' and 'mq.secret-key' go together, but only '"
                    + (hasAccessKey ? "mq.access-key" : "mq.secret-key") + "' is set");
        }
        return Credentials.of(accessKey, secretKey)
                .withSecurityToken(StringUtils.hasText(securityToken) ? securityToken : null);
    }

    public Map<String, MQProperties> getTemplates() {
        return templates;
    }

    public void setTemplates(Map<String, MQProperties> templates) {
        this.templates = templates;
    }

    public Async getAsync() {
        return async;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Ssl getSsl() {
        return ssl;
    }

    /** TLS to name servers and brokers, for this client only (never through JVM-wide system properties). */
    public static class Ssl {

        /**
         * Whether to use TLS. Implied by 'bundle'; without a bundle, the JDK's default trust store is used.
         */
        private boolean enabled;

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material, key, protocols and ciphers to use;
         * turns TLS on.
         */
        private String bundle;

        /**
         * Whether the server certificate must name the host (or IP address) of each name server and broker address.
         */
        private boolean verifyHostname = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }
    }

    /** Micrometer meters of sends (used when a MeterRegistry is present). */
    public static class Metrics {

        /**
         * Most distinct topics tagged with their name on the send, compression, retry and back-pressure meters;
         * further topics are tagged 'other'.
         */
        private int maxTopicTags = MicrometerSendMetrics.DEFAULT_MAX_TOPIC_TAGS;

        public int getMaxTopicTags() {
            return maxTopicTags;
        }

        public void setMaxTopicTags(int maxTopicTags) {
            this.maxTopicTags = maxTopicTags;
        }
    }

    /** Back-pressure of async sends. */
    public static class Async {

        /**
         * Most async sends in flight at once.
         */
        private int maxInFlight = MQClientConfig.DEFAULT_MAX_IN_FLIGHT;

        /**
         * Most body bytes of async sends in flight at once.
         */
        private DataSize maxInFlightBytes = DataSize.ofBytes(MQClientConfig.DEFAULT_MAX_IN_FLIGHT_BYTES);

        /**
         * What an async send does when a limit is reached: BLOCK (wait up to max-wait, then fail) or FAIL (at once).
         */
        private BackpressurePolicy backpressure = BackpressurePolicy.BLOCK;

        /**
         * Longest an async send waits for room under the BLOCK policy.
         */
        private Duration maxWait = MQClientConfig.DEFAULT_SEND_TIMEOUT;

        private final Batching batching = new Batching();

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public DataSize getMaxInFlightBytes() {
            return maxInFlightBytes;
        }

        public void setMaxInFlightBytes(DataSize maxInFlightBytes) {
            this.maxInFlightBytes = maxInFlightBytes;
        }

        public BackpressurePolicy getBackpressure() {
            return backpressure;
        }

        public void setBackpressure(BackpressurePolicy backpressure) {
            this.backpressure = backpressure;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        public Batching getBatching() {
            return batching;
        }
    }

    /**
     * Automatic batching of async sends: sends to a topic whose requests are all in flight wait and go out together
     * in one batch request when one ends, each with its own result.
     */
    public static class Batching {

        /**
         * Whether async sends are batched automatically.
         */
        private boolean enabled = AutoBatching.OFF.enabled();

        /**
         * Most messages in one batch request.
         */
        private int maxMessages = AutoBatching.DEFAULTS.maxMessages();

        /**
         * Most bytes of records in one batch request; a larger message goes alone.
         */
        private DataSize maxBytes = DataSize.ofBytes(AutoBatching.DEFAULTS.maxBytes());

        /**
         * How long a message waits for others when a request could go at once (0: a lone message goes at once).
         */
        private Duration linger = AutoBatching.DEFAULTS.linger();

        /**
         * Requests to one topic in flight before messages wait to be batched.
         */
        private int maxRequestsPerTopic = AutoBatching.DEFAULTS.maxRequestsPerTopic();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxMessages() {
            return maxMessages;
        }

        public void setMaxMessages(int maxMessages) {
            this.maxMessages = maxMessages;
        }

        public DataSize getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public int getMaxRequestsPerTopic() {
            return maxRequestsPerTopic;
        }

        public void setMaxRequestsPerTopic(int maxRequestsPerTopic) {
            this.maxRequestsPerTopic = maxRequestsPerTopic;
        }

        /** These settings as the client takes them. */
        public AutoBatching toAutoBatching() {
            return new AutoBatching(enabled, maxMessages, (int) maxBytes.toBytes(), linger, maxRequestsPerTopic);
        }
    }

    /** Body compression settings. */
    public static class Compression {

        /**
         * Bodies of at least this size are compressed.
         */
        private DataSize threshold = DataSize.ofBytes(MQClientConfig.DEFAULT_COMPRESS_THRESHOLD);

        /**
         * Compression level: zlib's 0 to 9, zstd's 0 to 22 (0: zstd's default); LZ4 has none.
         */
        private int level = MQClientConfig.DEFAULT_COMPRESS_LEVEL;

        /**
         * Codec of compressed bodies: zlib (every consumer reads it), lz4 or zstd (consumers of 4.9.4 or later,
         * and the codec's library on the classpath: at.yawk.lz4:lz4-java or com.github.luben:zstd-jni).
         */
        private CompressionType type = CompressionType.ZLIB;

        public DataSize getThreshold() {
            return threshold;
        }

        public void setThreshold(DataSize threshold) {
            this.threshold = threshold;
        }

        public int getLevel() {
            return level;
        }

        public CompressionType getType() {
            return type;
        }

        public void setType(CompressionType type) {
            this.type = type;
        }

        public void setLevel(int level) {
            this.level = level;
        }
    }
}
