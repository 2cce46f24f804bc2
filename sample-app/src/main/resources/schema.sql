-- Run by Spring Boot at start-up on the embedded H2 database.
CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) NOT NULL PRIMARY KEY, item VARCHAR(255) NOT NULL);
-- JdbcTransactionLog's table (JdbcTransactionLog.createTableStatement() prints it for your database).
CREATE TABLE IF NOT EXISTS mq_transaction_log (msg_id VARCHAR(64) NOT NULL PRIMARY KEY,
    topic VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL);
