package dev.mqtemplate.client.protocol;

/**
 * Values of the {@code version} header field, which carries the ordinal of the sender's RocketMQ release.
 */
public final class MQVersion {

    /** RocketMQ 5.3.3, the release whose behaviour this client follows; sent on every command. */
    public static final int CURRENT = 479;

    /** RocketMQ 4.9.4: from this version on, name servers answer route queries with standard JSON. */
    public static final int V4_9_4 = 401;

    /** RocketMQ 5.3.1: servers send GO_AWAY on shutdown only to clients newer than this. */
    public static final int V5_3_1 = 475;

    private MQVersion() {
    }
}
