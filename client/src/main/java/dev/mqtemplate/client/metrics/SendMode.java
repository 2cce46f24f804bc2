package dev.mqtemplate.client.metrics;

/** How a message was sent. */
public enum SendMode {
    SYNC, ASYNC, ONEWAY;

    /** Lower-case name, as used in metric tags. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
