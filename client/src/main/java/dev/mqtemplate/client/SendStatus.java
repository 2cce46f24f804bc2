package dev.mqtemplate.client;

/**
 * How a broker stored a message it accepted. Anything but {@link #SEND_OK} means stored, but a durability step
 * (flush to disk, replication) did not finish in time.
 */
public enum SendStatus {
    /** stored (response code 0) */
    SEND_OK,
    /** stored, but the synchronous disk flush timed out (response code 10) */
    FLUSH_DISK_TIMEOUT,
    /** stored, but replication to the slave timed out (response code 12) */
    FLUSH_SLAVE_TIMEOUT,
    /** stored, but no slave was available for synchronous replication (response code 11) */
    SLAVE_NOT_AVAILABLE
}
