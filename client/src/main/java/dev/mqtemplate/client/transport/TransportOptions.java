package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import java.time.Duration;

/**
 * How connections are made and framed.
 *
 * @param connectTimeout time allowed for a TCP connect; at most {@link #MAX_CONNECT_TIMEOUT} (longer is taken as that)
 * @param connectionsPerAddress long-lived connections kept per broker address; requests are spread over them
 * @param maxFrameLength largest frame accepted from a peer, in bytes, the 4-byte length field included
 * @param headerSerialization the header form of the requests we send (answers are decoded in either form)
 * @param tls TLS for every connection, or {@code null} for plain TCP; the connect timeout covers the handshake
 */
public record TransportOptions(Duration connectTimeout, int connectionsPerAddress, int maxFrameLength,
        HeaderSerialization headerSerialization, ClientTls tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public static final int DEFAULT_CONNECTIONS_PER_ADDRESS = 1;

    /** Longest connect timeout: Netty takes it as an int of milliseconds; a longer one is taken as this. */
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    public static final TransportOptions DEFAULTS = new TransportOptions(DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_CONNECTIONS_PER_ADDRESS, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, HeaderSerialization.JSON);

    /** Options without TLS. */
    public TransportOptions(Duration connectTimeout, int connectionsPerAddress, int maxFrameLength,
            HeaderSerialization headerSerialization) {
        this(connectTimeout, connectionsPerAddress, maxFrameLength, headerSerialization, null);
    }

    public TransportOptions {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            connectTimeout = MAX_CONNECT_TIMEOUT; // cast to int, a longer one would wrap around to negative
        }
        if (connectionsPerAddress < 1) {
            throw new IllegalArgumentException("connectionsPerAddress must be at least 1, was " + connectionsPerAddress);
        }
        if (maxFrameLength < 1024) {
            throw new IllegalArgumentException("maxFrameLength must be at least 1024 bytes, was " + maxFrameLength);
        }
        if (headerSerialization == null) {
            throw new IllegalArgumentException("headerSerialization must not be null");
        }
    }
}
