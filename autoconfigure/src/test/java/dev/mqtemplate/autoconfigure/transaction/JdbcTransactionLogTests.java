package dev.mqtemplate.autoconfigure.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.SendStatus;
import dev.mqtemplate.client.TransactionChecker.CheckedMessage;
import dev.mqtemplate.client.TransactionDecision;
import dev.mqtemplate.client.route.MessageQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

/** The check-back answers of {@link JdbcTransactionLog}, on a real H2 database. */
class JdbcTransactionLogTests {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private JdbcTemplate jdbc;

    private JdbcTransactionLog log;

    @BeforeEach
    void createTable() {
        jdbc = new JdbcTemplate(new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
                .generateUniqueName(true).build());
        log = new JdbcTransactionLog(jdbc, "tx_log", Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC));
        log.createTable();
        log.createTable(); // idempotent
    }

    @Test
    void aRecordedMessageIsCommitted() {
        log.record(halfMessage("A1"));

        assertThat(log.check(checked("A1", NOW.minusSeconds(5)))).isEqualTo(TransactionDecision.COMMIT);
    }

    @Test
    void withoutARowAYoungMessageIsUndecidedAndAnOldOneRolledBack() {
        assertThat(log.check(checked("B1", NOW.minusSeconds(59)))).isEqualTo(TransactionDecision.UNKNOWN);
        assertThat(log.check(checked("B1", NOW.minusSeconds(60)))).isEqualTo(TransactionDecision.ROLLBACK);
    }

    @Test
    void oldRowsAreDeleted() {
        log.record(halfMessage("C1"));

        assertThat(log.deleteOlderThan(NOW.minusSeconds(1))).isZero();
        assertThat(log.deleteOlderThan(NOW.plusSeconds(1))).isOne();
        assertThat(log.check(checked("C1", NOW.minusSeconds(120)))).isEqualTo(TransactionDecision.ROLLBACK);
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JdbcTransactionLog(jdbc, "log; DROP TABLE x",
                Duration.ZERO, Clock.systemUTC())).withMessageContaining("not a plain SQL identifier");
        assertThat(new JdbcTransactionLog(jdbc, "app.tx_log", Duration.ZERO, Clock.systemUTC())
                .createTableStatement()).startsWith("CREATE TABLE IF NOT EXISTS app.tx_log (");
    }

    private static SendResult halfMessage(String msgId) {
        return new SendResult(SendStatus.SEND_OK, msgId, "7F00000100002A9F0000000000000100",
                new MessageQueue("orders", "broker-a", 0), 0, null, 1, null);
    }

    private static CheckedMessage checked(String msgId, Instant bornAt) {
        return new CheckedMessage("orders", msgId, Map.of(), new byte[0], bornAt);
    }
}
