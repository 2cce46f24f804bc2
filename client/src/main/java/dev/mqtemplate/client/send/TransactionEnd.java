package dev.mqtemplate.client.send;

import dev.mqtemplate.client.protocol.LanguageCode;
import dev.mqtemplate.client.protocol.MQVersion;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The END_TRANSACTION request that tells the broker holding a half message to deliver or discard it. The broker finds
 * the half message by its commit-log offset and checks it against the producer group and the queue offset, so every
 * field comes from the half message's send answer.
 */
public final class TransactionEnd {

    /** {@code commitOrRollback} values of the request. */
    public static final int COMMIT = 8;

    public static final int ROLLBACK = 12;

    public static final int UNKNOWN = 0;

    private TransactionEnd() {
    }

    /**
     * The one-way END_TRANSACTION for a half message.
     *
     * @param producerGroup the group the half message was sent with (its PGROUP)
     * @param receipt the broker's answer to the half message
     * @param commitOrRollback {@link #COMMIT}, {@link #ROLLBACK} or {@link #UNKNOWN}
     * @param remark why, when the local transaction failed; may be null
     */
    public static RemotingCommand request(String producerGroup, SendReceipt receipt, int commitOrRollback,
            String remark) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("topic", receipt.queue().topic());
        fields.put("producerGroup", producerGroup);
        fields.put("tranStateTableOffset", Long.toString(receipt.queueOffset()));
        fields.put("commitLogOffset", Long.toString(commitLogOffset(receipt.offsetMsgId())));
        fields.put("commitOrRollback", Integer.toString(commitOrRollback));
        fields.put("fromTransactionCheck", "false");
        fields.put("msgId", receipt.messageId());
        if (receipt.transactionId() != null) {
            fields.put("transactionId", receipt.transactionId());
        }
        fields.put("bname", receipt.queue().brokerName());
        return RemotingCommand.of(RequestCode.END_TRANSACTION, LanguageCode.JAVA, MQVersion.CURRENT, 0,
                RemotingCommand.FLAG_ONEWAY, remark, fields, null);
    }

    /**
     * The commit-log offset inside an offset message id: its last 16 hex digits (after the store host's IPv4 or IPv6
     * address and port).
     *
     * @throws IllegalArgumentException if the id is not hex or too short
     */
    public static long commitLogOffset(String offsetMsgId) {
        if (offsetMsgId == null || offsetMsgId.length() < 16 + 16) {
            throw new IllegalArgumentException("offset message id '" + offsetMsgId + "' is too short");
        }
        return Long.parseUnsignedLong(offsetMsgId.substring(offsetMsgId.length() - 16), 16);
    }
}
