package dev.mqtemplate.client.send;

import dev.mqtemplate.client.protocol.LanguageCode;
import dev.mqtemplate.client.protocol.MQVersion;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.route.Namespace;
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
     * The one-way END_TRANSACTION for a half message, right after the local transaction.
     *
     * @param producerGroup the group the half message was sent with (its PGROUP)
     * @param receipt the broker's answer to the half message
     * @param commitOrRollback {@link #COMMIT}, {@link #ROLLBACK} or {@link #UNKNOWN}
     * @param remark why, when the local transaction failed; may be null
     */
    public static RemotingCommand request(String producerGroup, SendReceipt receipt, int commitOrRollback,
            String remark) {
        return request(producerGroup, Namespace.NONE, receipt, commitOrRollback, remark);
    }

    /**
     * As above, for a half message sent in {@code namespace}: the request names the topic the broker stored (the
     * receipt's queue names the user's).
     */
    public static RemotingCommand request(String producerGroup, Namespace namespace, SendReceipt receipt,
            int commitOrRollback, String remark) {
        return build(namespace.wrap(receipt.queue().topic()), producerGroup, Long.toString(receipt.queueOffset()),
                Long.toString(commitLogOffset(receipt.offsetMsgId())), commitOrRollback, false, receipt.messageId(),
                receipt.transactionId(), receipt.queue().brokerName(), remark);
    }

    /**
     * The one-way END_TRANSACTION that answers a broker's CHECK_TRANSACTION_STATE: the offsets, transaction id and
     * broker name come from the check's header, marked as a check's answer.
     *
     * @param check the broker's CHECK_TRANSACTION_STATE request
     * @param uniqKey the checked message's UNIQ_KEY; null falls back to the check's offset id
     */
    public static RemotingCommand checkAnswer(String producerGroup, RemotingCommand check, String uniqKey,
            int commitOrRollback) {
        return build(check.extField("topic"), producerGroup, check.extField("tranStateTableOffset"),
                check.extField("commitLogOffset"), commitOrRollback, true,
                uniqKey != null ? uniqKey : check.extField("offsetMsgId"), check.extField("transactionId"),
                check.extField("bname"), null);
    }

    /** One place that knows the request's fields and their order; a null value leaves its field out. */
    private static RemotingCommand build(String topic, String producerGroup, String tranStateTableOffset,
            String commitLogOffset, int commitOrRollback, boolean fromTransactionCheck, String msgId,
            String transactionId, String brokerName, String remark) {
        Map<String, String> fields = new LinkedHashMap<>();
        putIfPresent(fields, "topic", topic);
        fields.put("producerGroup", producerGroup);
        putIfPresent(fields, "tranStateTableOffset", tranStateTableOffset);
        putIfPresent(fields, "commitLogOffset", commitLogOffset);
        fields.put("commitOrRollback", Integer.toString(commitOrRollback));
        fields.put("fromTransactionCheck", Boolean.toString(fromTransactionCheck));
        putIfPresent(fields, "msgId", msgId);
        putIfPresent(fields, "transactionId", transactionId);
        putIfPresent(fields, "bname", brokerName);
        return RemotingCommand.of(RequestCode.END_TRANSACTION, LanguageCode.JAVA, MQVersion.CURRENT, 0,
                RemotingCommand.FLAG_ONEWAY, remark, fields, null);
    }

    private static void putIfPresent(Map<String, String> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
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
