package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RequestCode;
import dev.mqtemplate.client.route.MessageQueue;
import org.junit.jupiter.api.Test;

/** The END_TRANSACTION fields, from a half message's send answer. */
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
}
