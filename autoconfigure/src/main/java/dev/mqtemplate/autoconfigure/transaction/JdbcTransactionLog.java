package dev.mqtemplate.autoconfigure.transaction;

import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.TransactionChecker;
import dev.mqtemplate.client.TransactionDecision;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The common check-back pattern in one bean: {@link #record} writes a row for each transactional message in the
 * sending transaction, and {@link #check} answers the broker from it. A row means the transaction committed:
 * COMMIT. No row means it rolled back, or has not committed yet: UNKNOWN while the message is younger than
 * {@code undecidedFor} (the broker asks again), ROLLBACK once it is older. Make {@code undecidedFor} longer than
 * your longest transaction.
 *
 * <p>Its table (see {@link #createTableStatement()}) holds one row per message; delete old rows as you see fit
 * ({@link #deleteOlderThan}), once the broker no longer checks them (by default it gives up after 15 checks).
 * Use the {@link DataSource} your transactions run on, so the row commits or rolls back with them.
 */
public class JdbcTransactionLog implements TransactionLog, TransactionChecker {

    /** The table used unless told otherwise. */
    public static final String DEFAULT_TABLE = "mq_transaction_log";

    /** How long a message without a row counts as undecided, unless told otherwise. */
    public static final Duration DEFAULT_UNDECIDED_FOR = Duration.ofMinutes(1);

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final JdbcTemplate jdbc;

    private final String table;

    private final Duration undecidedFor;

    private final Clock clock;

    /** A log in {@value #DEFAULT_TABLE}, undecided for {@link #DEFAULT_UNDECIDED_FOR}. */
    public JdbcTransactionLog(DataSource dataSource) {
        this(new JdbcTemplate(dataSource), DEFAULT_TABLE, DEFAULT_UNDECIDED_FOR, Clock.systemUTC());
    }

    /**
     * @param table the table's name, optionally schema-qualified (letters, digits and underscores only)
     * @param undecidedFor how long a message without a row is answered UNKNOWN before it is rolled back
     */
    public JdbcTransactionLog(JdbcTemplate jdbc, String table, Duration undecidedFor, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table name '" + table + "' is not a plain SQL identifier");
        }
        if (undecidedFor == null || undecidedFor.isNegative()) {
            throw new IllegalArgumentException("undecidedFor must be zero or more, not " + undecidedFor);
        }
        this.table = table;
        this.undecidedFor = undecidedFor;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The DDL of the table, for a schema script or a migration. */
    public String createTableStatement() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (msg_id VARCHAR(64) NOT NULL PRIMARY KEY, "
                + "topic VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL)";
    }

    /** Creates the table if it does not exist. */
    public void createTable() {
        jdbc.execute(createTableStatement());
    }

    @Override
    public void record(SendResult halfMessage) {
        jdbc.update("INSERT INTO " + table + " (msg_id, topic, created_at) VALUES (?, ?, ?)", halfMessage.msgId(),
                halfMessage.queue().topic(), Timestamp.from(clock.instant()));
    }

    @Override
    public TransactionDecision check(CheckedMessage message) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE msg_id = ?", Integer.class,
                message.msgId());
        if (rows != null && rows > 0) {
            return TransactionDecision.COMMIT;
        }
        boolean old = !message.bornAt().plus(undecidedFor).isAfter(clock.instant());
        return old ? TransactionDecision.ROLLBACK : TransactionDecision.UNKNOWN;
    }

    /** Deletes the rows written before {@code instant}; returns how many. */
    public int deleteOlderThan(Instant instant) {
        return jdbc.update("DELETE FROM " + table + " WHERE created_at < ?", Timestamp.from(instant));
    }
}
