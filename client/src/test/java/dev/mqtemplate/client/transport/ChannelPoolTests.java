package dev.mqtemplate.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.FrameDecoder;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the pool makes its connections: timeouts at the ends of their range. */
class ChannelPoolTests {

    @Test
    void aConnectTimeoutBeyondNettysIntMillisIsTakenAsTheLongestItHolds() throws Exception {
        // Netty takes the connect timeout as an int of milliseconds: a longer one must not wrap around to negative
        TransportOptions options = new TransportOptions(Duration.ofSeconds(Long.MAX_VALUE), 1,
                FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, HeaderSerialization.JSON);
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));

        try (FakeRemotingServer server = FakeRemotingServer.start(request -> null);
                ClientResources resources = ClientResources.create(1);
                ChannelPool pool = new ChannelPool(resources, options)) {
            Connection connection = pool.acquire(server.address()).get(5, TimeUnit.SECONDS);

            assertThat(connection.request(RemotingCommand.request(RequestCode.HEART_BEAT, null, null), 5000)
                    .get(5, TimeUnit.SECONDS).code()).isZero();
        }
    }
}
