package dev.mqtemplate.client.send;

/** What an async send does when the in-flight limits are reached. */
public enum BackpressurePolicy {
    /** wait for room, up to the configured maximum wait, then fail */
    BLOCK,
    /** fail at once */
    FAIL
}
