package dev.mqtemplate.client.testsupport;

import static dev.mqtemplate.client.testsupport.FakeRemotingServer.respond;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RemotingCommandCodec;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.testsupport.FakeRemotingServer.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Scripts and bytes for {@link FakeRemotingServer}: a name server that routes every topic to one broker, a broker
 * that stores every message, the usual answers, and whole frames as bytes for the broken-stream tests.
 */
public final class FakeRoles {

    /** The broker name the fake routes use. */
    public static final String BROKER_NAME = "broker-a";

    /** Extension field of SEND_MESSAGE_V2 that carries the encoded properties. */
    public static final String PROPERTIES_FIELD = "i";

    private FakeRoles() {
    }

    /** A name server that routes every topic to {@code brokerAddress} (broker-a, 4 write queues, perm 6). */
    public static Function<RemotingCommand, Reply> nameServer(String brokerAddress) {
        byte[] route = routeJson(BROKER_NAME, brokerAddress);
        return request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of(), route))
                : null;
    }

    /** A broker that stores every SEND_MESSAGE_V2 (SUCCESS with msgId, queueId, queueOffset). */
    public static Function<RemotingCommand, Reply> broker() {
        AtomicLong offsets = new AtomicLong();
        return request -> request.code() == RequestCode.SEND_MESSAGE_V2 ? sendOk(request, offsets.getAndIncrement())
                : null;
    }

    /** Name server and broker in one server: routes every topic to {@code selfAddress} and stores every message. */
    public static Function<RemotingCommand, Reply> nameServerAndBroker(FakeRemotingServer self) {
        Function<RemotingCommand, Reply> broker = broker();
        return request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? nameServer(self.address()).apply(request) : broker.apply(request);
    }

    /**
     * Name server for every topic (routing to {@code self}) and, for everything else, {@code broker}: a broker script
     * of a test's own on the same fake server.
     */
    public static Function<RemotingCommand, Reply> nameServerAnd(FakeRemotingServer self,
            Function<RemotingCommand, Reply> broker) {
        return request -> request.code() == RequestCode.GET_ROUTEINFO_BY_TOPIC
                ? nameServer(self.address()).apply(request) : broker.apply(request);
    }

    /** SUCCESS to a send, with the fields the official broker returns. */
    public static Reply sendOk(RemotingCommand request, long queueOffset) {
        String queueId = request.extFields().getOrDefault("e", "0");
        return respond(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, Map.of("msgId",
                "7F00000100002A9F00000000000000" + String.format("%02X", queueOffset & 0xFF), "queueId", queueId,
                "queueOffset", Long.toString(queueOffset)), null));
    }

    /** An error answer with a remark. */
    public static Reply error(RemotingCommand request, int code, String remark) {
        return respond(RemotingCommand.responseTo(request, code, remark, Map.of(), null));
    }

    /** TopicRouteData JSON: one broker with master {@code brokerAddress}, 4 read and write queues, perm 6. */
    public static byte[] routeJson(String brokerName, String brokerAddress) {
        String json = "{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"" + brokerAddress + "\"},\"brokerName\":\""
                + brokerName + "\",\"cluster\":\"DefaultCluster\"}],\"filterServerTable\":{},"
                + "\"queueDatas\":[{\"brokerName\":\"" + brokerName + "\",\"perm\":6,\"readQueueNums\":4,"
                + "\"topicSysFlag\":0,\"writeQueueNums\":4}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** TopicRouteData JSON: broker-a and broker-b (cluster C) with 2 read and write queues each, perm 6. */
    public static byte[] twoBrokerRoute(String addressA, String addressB) {
        String json = "{\"brokerDatas\":["
                + "{\"brokerAddrs\":{\"0\":\"" + addressA + "\"},\"brokerName\":\"broker-a\",\"cluster\":\"C\"},"
                + "{\"brokerAddrs\":{\"0\":\"" + addressB + "\"},\"brokerName\":\"broker-b\",\"cluster\":\"C\"}],"
                + "\"queueDatas\":["
                + "{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":2,\"writeQueueNums\":2,\"topicSysFlag\":0},"
                + "{\"brokerName\":\"broker-b\",\"perm\":6,\"readQueueNums\":2,\"writeQueueNums\":2,\"topicSysFlag\":0}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The UNIQ_KEY inside a send request's properties field. */
    public static String uniqKey(RemotingCommand sendRequest) {
        String properties = sendRequest.extField(PROPERTIES_FIELD);
        for (String pair : properties.split("\u0002")) {
            int separator = pair.indexOf('\u0001');
            if (separator > 0 && pair.substring(0, separator).equals("UNIQ_KEY")) {
                return pair.substring(separator + 1);
            }
        }
        return null;
    }

    /** The whole frame of a command, length field included. */
    public static byte[] frame(RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        try {
            RemotingCommandCodec.encode(command, HeaderSerialization.JSON, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * An address on 127.0.0.1 where a connect hangs: a listening socket that never accepts, its accept queue filled
     * first, so the kernel drops further connection attempts and the client waits out its connect timeout. Close it
     * to release the port and the filler connections.
     */
    public static BlackHole blackHole() {
        try {
            return new BlackHole();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** See {@link #blackHole()}. */
    public static final class BlackHole implements AutoCloseable {

        private final ServerSocket server;

        private final java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();

        private BlackHole() throws IOException {
            server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            // fill the accept queue until a connect no longer completes
            for (int i = 0; i < 16; i++) {
                java.net.Socket socket = new java.net.Socket();
                try {
                    socket.connect(server.getLocalSocketAddress(), 200);
                    fillers.add(socket);
                } catch (java.net.SocketTimeoutException full) {
                    socket.close();
                    return;
                }
            }
            close();
            throw new IOException("could not fill the accept queue of " + server.getLocalSocketAddress());
        }

        /** {@code 127.0.0.1:port}. */
        public String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (java.net.Socket socket : fillers) {
                socket.close();
            }
            server.close();
        }
    }

    /** A port on 127.0.0.1 where nothing listens (bound, then released). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
