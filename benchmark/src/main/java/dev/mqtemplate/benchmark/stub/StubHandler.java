package dev.mqtemplate.benchmark.stub;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.protocol.ResponseCode;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers each request as {@link StubBroker} describes. Writes answers as they come and flushes once per read batch,
 * so the stub spends as little as it can per request.
 */
@Sharable
final class StubHandler extends ChannelInboundHandlerAdapter {

    /** Keys of SendMessageRequestHeaderV2 (single letters) and of the V1 header, for the queue id. */
    private static final String QUEUE_ID_V2 = "e";

    private static final String QUEUE_ID_V1 = "queueId";

    private final AtomicLong offsets = new AtomicLong();

    private final AtomicLong sendsAnswered = new AtomicLong();

    private final Set<Integer> unknownCodes = ConcurrentHashMap.newKeySet();

    private volatile byte[] route;

    private volatile String offsetIdPrefix;

    void routeTo(String address) {
        String json = "{\"queueDatas\":[{\"brokerName\":\"" + StubBroker.BROKER_NAME + "\",\"readQueueNums\":"
                + StubBroker.QUEUES + ",\"writeQueueNums\":" + StubBroker.QUEUES + ",\"perm\":6,\"topicSysFlag\":0}],"
                + "\"brokerDatas\":[{\"cluster\":\"StubCluster\",\"brokerName\":\"" + StubBroker.BROKER_NAME
                + "\",\"brokerAddrs\":{\"0\":\"" + address + "\"}}]}";
        this.route = json.getBytes(StandardCharsets.UTF_8);
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        // an offset message id looks like the broker's: IPv4 (8 hex) + port (8 hex) + commit log offset (16 hex)
        this.offsetIdPrefix = "7F000001" + String.format("%08X", port);
    }

    long sendsAnswered() {
        return sendsAnswered.get();
    }

    Set<Integer> unknownCodes() {
        return Set.copyOf(unknownCodes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RemotingCommand request = (RemotingCommand) msg;
        if (request.isResponse()) {
            return;
        }
        RemotingCommand answer = answer(request);
        if (!request.isOneway()) {
            ctx.write(answer, ctx.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private RemotingCommand answer(RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_MESSAGE, RequestCode.SEND_BATCH_MESSAGE ->
                    sent(request);
            case RequestCode.GET_ROUTEINFO_BY_TOPIC ->
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, null, route);
            case RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT ->
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null, null, null);
            default -> {
                unknownCodes.add(request.code());
                yield RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "stub broker does not handle request code " + request.code(), null, null);
            }
        };
    }

    private RemotingCommand sent(RemotingCommand request) {
        String queueId = request.extField(QUEUE_ID_V2);
        if (queueId == null) {
            queueId = request.extField(QUEUE_ID_V1);
        }
        // a batch gets one offset and one offset id per message, comma-joined, as a broker answers it: the official
        // client's autoBatch splits the ids back per message and fails a send whose count does not match
        int messages = request.code() == RequestCode.SEND_BATCH_MESSAGE ? batchSize(request.body()) : 1;
        long offset = offsets.getAndAdd(messages);
        sendsAnswered.incrementAndGet();
        StringBuilder msgIds = new StringBuilder();
        for (int i = 0; i < messages; i++) {
            String offsetHex = Long.toHexString(offset + i).toUpperCase();
            msgIds.append(i == 0 ? "" : ",").append(offsetIdPrefix)
                    .append("0000000000000000", offsetHex.length(), 16).append(offsetHex);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null,
                Map.of("msgId", msgIds.toString(), "queueId", queueId == null ? "0" : queueId, "queueOffset",
                        Long.toString(offset)), null);
    }

    /** Messages in a batch body: records one after another, each starting with its total size (big-endian int). */
    private static int batchSize(byte[] body) {
        if (body == null) {
            return 1;
        }
        ByteBuffer records = ByteBuffer.wrap(body); // big-endian, as the records are written
        int count = 0;
        int position = 0;
        while (position + 4 <= body.length) {
            int size = records.getInt(position);
            if (size <= 0) {
                break;
            }
            position += size;
            count++;
        }
        return Math.max(count, 1);
    }
}
