package dev.mqtemplate.client.send;

import dev.mqtemplate.client.message.BodyCompressor;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.MessageSysFlag;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.ResponseCode;
import dev.mqtemplate.client.transport.RequestHandler;
import java.util.Collections;
import java.util.Map;

/**
 * Takes a reply a broker pushes (PUSH_REPLY_MESSAGE_TO_CLIENT), reads it from its header fields and body, and hands it
 * to the {@link ReplyWaiters}. It answers SUCCESS for every reply it could read, matched or not, as the official
 * client does: the broker then reports the reply delivered to its responder, and a late reply is ours to drop.
 */
public final class ReplyPushHandler implements RequestHandler {

    private final ReplyWaiters waiters;

    public ReplyPushHandler(ReplyWaiters waiters) {
        this.waiters = waiters;
    }

    @Override
    public RemotingCommand handle(RemotingCommand push, String address) {
        waiters.deliver(read(push));
        return RemotingCommand.responseTo(push, ResponseCode.SUCCESS, null, Map.of(), null);
    }

    /**
     * The reply a push carries.
     *
     * @throws IllegalArgumentException when a field the broker always sends is missing or not a number, or the body
     *     is compressed in a way this client cannot read (answered SYSTEM_ERROR, so the responder learns of it)
     */
    static PushedReply read(RemotingCommand push) {
        String encoded = push.extField("properties");
        Map<String, String> properties = encoded == null ? Map.of()
                : Collections.unmodifiableMap(MessageProperties.decode(encoded));
        int sysFlag = number(push, "sysFlag");
        byte[] body = push.body() == null ? new byte[0] : push.body();
        if (MessageSysFlag.isCompressed(sysFlag)) {
            // by the codec its type bits name; an LZ4 or zstd body without that library fails here, answered
            // SYSTEM_ERROR with the artifact to add
            body = BodyCompressor.decompress(body, sysFlag);
        }
        return new PushedReply(push.extField("topic"), properties.get(MessageProperties.CORRELATION_ID),
                properties, body, push.extField("bornHost"), longField(push, "bornTimestamp"),
                push.extField("storeHost"), longField(push, "storeTimestamp"), number(push, "flag"));
    }

    private static int number(RemotingCommand push, String field) {
        return Math.toIntExact(longField(push, field));
    }

    private static long longField(RemotingCommand push, String field) {
        String value = push.extField(field);
        if (value == null) {
            throw new IllegalArgumentException("reply push without '" + field + "'");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reply push field '" + field + "' is not a number: " + value, e);
        }
    }
}
