package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.LanguageCode;
import dev.mqtemplate.client.protocol.MQVersion;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.route.Namespace;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The END_TRANSACTION fields, from a half message's send answer or from a broker's check. */
class TransactionEndTests {

    @Test
    void theCommitLogOffsetIsTheLast16HexDigitsOfTheOffsetId() {
        assertThat(TransactionEnd.commitLogOffset("7F00000100002A9F00000000000004E0")).isEqualTo(0x4E0L);
        // an IPv6 store host makes the id longer; the offset is still last
        assertThat(TransactionEnd.commitLogOffset("00000000000000000000000000000001000027110000000000A1B2C3"))
                .isEqualTo(0xA1B2C3L);
    }

    @Test
    void theRequestIsOneWayAndCarriesWhatTheBrokerMatches() {
        SendReceipt receipt = new SendReceipt(0, "UNIQ", "7F00000100002A9F0000000000000100",
                new MessageQueue("orders", "broker-a", 0), 7, "UNIQ", "127.0.0.1:10911", 1);

        RemotingCommand request = TransactionEnd.request("group", receipt, TransactionEnd.COMMIT, null);

        assertThat(request.code()).isEqualTo(RequestCode.END_TRANSACTION);
        assertThat(request.isOneway()).isTrue();
        assertThat(request.extFields()).containsEntry("producerGroup", "group")
                .containsEntry("tranStateTableOffset", "7").containsEntry("commitLogOffset", "256")
                .containsEntry("commitOrRollback", "8").containsEntry("fromTransactionCheck", "false")
                .containsEntry("msgId", "UNIQ").containsEntry("transactionId", "UNIQ")
                .containsEntry("bname", "broker-a");
    }

    @Test
    void inANamespaceTheRequestNamesTheStoredTopic() {
        SendReceipt receipt = new SendReceipt(0, "UNIQ", "7F00000100002A9F0000000000000100",
                new MessageQueue("orders", "broker-a", 0), 7, "UNIQ", "127.0.0.1:10911", 1);

        RemotingCommand request = TransactionEnd.request("shop%group", Namespace.of("shop"), receipt,
                TransactionEnd.COMMIT, null);

        assertThat(request.extFields()).containsEntry("topic", "shop%orders")
                .containsEntry("producerGroup", "shop%group");
    }

    @Test
    void aCheckIsAnsweredWithTheCheckOffsetsAndMarkedAsACheckAnswer() {
        Map<String, String> checkFields = new LinkedHashMap<>();
        checkFields.put("topic", "orders");
        checkFields.put("tranStateTableOffset", "7");
        checkFields.put("commitLogOffset", "256");
        checkFields.put("offsetMsgId", "7F00000100002A9F0000000000000100");
        checkFields.put("transactionId", "TX");
        checkFields.put("bname", "broker-a");
        RemotingCommand check = RemotingCommand.of(RequestCode.CHECK_TRANSACTION_STATE, LanguageCode.JAVA,
                MQVersion.CURRENT, 0, RemotingCommand.FLAG_ONEWAY, null, checkFields, null);

        RemotingCommand answer = TransactionEnd.checkAnswer("group", check, null, TransactionEnd.ROLLBACK);

        assertThat(answer.code()).isEqualTo(RequestCode.END_TRANSACTION);
        assertThat(answer.isOneway()).isTrue();
        assertThat(answer.extFields()).containsEntry("topic", "orders").containsEntry("producerGroup", "group")
                .containsEntry("tranStateTableOffset", "7").containsEntry("commitLogOffset", "256")
                .containsEntry("commitOrRollback", "12").containsEntry("fromTransactionCheck", "true")
                .containsEntry("msgId", "7F00000100002A9F0000000000000100")
                .containsEntry("transactionId", "TX").containsEntry("bname", "broker-a");
        assertThat(TransactionEnd.checkAnswer("group", check, "UNIQ", TransactionEnd.COMMIT).extFields())
                .containsEntry("msgId", "UNIQ");
    }
}
