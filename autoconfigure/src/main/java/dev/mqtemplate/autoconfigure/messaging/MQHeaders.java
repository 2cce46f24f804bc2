package dev.mqtemplate.autoconfigure.messaging;

/**
 * Names of the Spring message headers {@link MQMessagingTemplate} reads as RocketMQ message fields rather than as user
 * properties: the names rocketmq-spring's {@code RocketMQHeaders} defines (with or without its {@code rocketmq_}
 * prefix), so code written for {@code RocketMQTemplate} keeps its headers.
 */
public final class MQHeaders {

    /** Prefix of the headers rocketmq-spring's listeners set on a consumed message ({@code rocketmq_KEYS}, ...). */
    public static final String PREFIX = "rocketmq_";

    /** Business keys: a string (several separated by spaces) or a collection of strings. */
    public static final String KEYS = "KEYS";

    /** The tag, when the destination names none ({@code topic:tags} wins). */
    public static final String TAGS = "TAGS";

    /** The user flag, an int. */
    public static final String FLAG = "FLAG";

    /** Delay level (1 up to {@code mq.max-delay-level}); 0 means none. */
    public static final String DELAY = "DELAY";

    /** Whether the broker answers only once the message is stored: {@code true} or {@code false}. */
    public static final String WAIT_STORE_MSG_OK = "WAIT_STORE_MSG_OK";

    /** As {@link #WAIT_STORE_MSG_OK}: the name RocketMQ stores it under, and rocketmq-spring's listener header. */
    public static final String WAIT = "WAIT";

    /** The user property the payload's content type is stored in, as rocketmq-spring stores it. */
    public static final String CONTENT_TYPE = "contentType";

    private MQHeaders() {
    }
}
