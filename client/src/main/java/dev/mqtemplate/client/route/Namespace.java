package dev.mqtemplate.client.route;

import dev.mqtemplate.client.error.MQValidationException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client namespace (RocketMQ's "v1" namespace): the rule that turns the user's topic and producer group names into
 * the names the brokers store, {@code <namespace>%<name>}, and back. The brokers know nothing of namespaces; two
 * clients of different namespaces sending to {@code orders} simply reach two topics, {@code a%orders} and
 * {@code b%orders}.
 *
 * <p>Only the parts that write a name on the wire call {@link #wrap}: the route request, the send header, the recall
 * header and the producer group of the whole client. Everything above them (results, metrics, exceptions, the
 * checkers' lookup) keeps the user's names; names that come back from a broker (a check-back's topic, a recall
 * handle's topic) go through {@link #unwrap}. As the official client's {@code NamespaceUtil}: a name that already
 * starts with {@code <namespace>%} is not wrapped again, and the auto-create template topic {@value #TEMPLATE_TOPIC}
 * is never wrapped (the user's system topics are refused before they get here). Thread-safe.
 */
public final class Namespace {

    /** No namespace: names go on the wire as the user wrote them. */
    public static final Namespace NONE = new Namespace("");

    /** Between the namespace and the name, as {@code NamespaceUtil.NAMESPACE_SEPARATOR}. */
    public static final char SEPARATOR = '%';

    /** The longest topic a 5.3.3 broker accepts ({@code TopicValidator.TOPIC_MAX_LENGTH}). */
    public static final int MAX_TOPIC_LENGTH = 127;

    /** The longest producer group the official client's {@code Validators.checkGroup} accepts. */
    public static final int MAX_GROUP_LENGTH = 255;

    /** The template topic brokers create unknown topics from; a system topic, never wrapped. */
    static final String TEMPLATE_TOPIC = "TBW102";

    /** Prefixes of system names a wrapped name must not start with (the namespace would make it one). */
    private static final String[] RESERVED_PREFIXES = {"rmq_sys_", "RMQ_SYS_", "CID_RMQ_SYS_"};

    /** Wrapped names are cached up to this many, so a send of a known topic allocates nothing for its name. */
    private static final int CACHE_LIMIT = 4096;

    private final String name;

    private final String prefix;

    private final Map<String, String> wrapped = new ConcurrentHashMap<>();

    private Namespace(String name) {
        this.name = name;
        this.prefix = name.isEmpty() ? "" : name + SEPARATOR;
    }

    /**
     * The namespace of that name; {@link #NONE} for {@code null} or an empty name. Refuses (naming the value) a name
     * that is blank, has a character other than a letter, a digit, {@code -} or {@code _} (a {@code %} would make
     * names ambiguous to unwrap), is longer than 64 characters, or would make every wrapped name a reserved system
     * name ({@code rmq_sys_...}).
     */
    public static Namespace of(String name) {
        if (name == null || name.isEmpty()) {
            return NONE;
        }
        if (name.isBlank()) {
            throw new MQValidationException("namespace", name, "must not be blank (leave it empty for none)");
        }
        if (name.length() > 64) {
            throw new MQValidationException("namespace", name, "must be at most 64 characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new MQValidationException("namespace", name, "may contain only letters, digits, '-' and '_'");
            }
        }
        String wrappedPrefix = name + SEPARATOR;
        for (String reserved : RESERVED_PREFIXES) {
            if (wrappedPrefix.startsWith(reserved)) {
                throw new MQValidationException("namespace", name, "would make every name start with the reserved "
                        + "prefix '" + reserved + "' of RocketMQ's system topics and groups");
            }
        }
        return new Namespace(name);
    }

    /** The namespace's name; empty for {@link #NONE}. */
    public String name() {
        return name;
    }

    /** Whether names are wrapped at all. */
    public boolean isSet() {
        return !name.isEmpty();
    }

    /**
     * The name the brokers store for a user's topic or group: {@code <namespace>%<name>}. Unchanged without a
     * namespace, for a name that already carries this namespace, and for the template topic.
     */
    public String wrap(String resource) {
        if (name.isEmpty() || resource == null || resource.startsWith(prefix) || TEMPLATE_TOPIC.equals(resource)) {
            return resource;
        }
        String cached = wrapped.get(resource);
        if (cached != null) {
            return cached;
        }
        String result = prefix + resource;
        if (wrapped.size() < CACHE_LIMIT) {
            wrapped.putIfAbsent(resource, result);
        }
        return result;
    }

    /** The user's name of a name a broker stored: without the {@code <namespace>%} prefix when it has it. */
    public String unwrap(String stored) {
        if (name.isEmpty() || stored == null || !stored.startsWith(prefix)) {
            return stored;
        }
        return stored.substring(prefix.length());
    }

    /**
     * Checks that a valid user topic still fits the broker's 127-character line once wrapped; returns it, unwrapped.
     * The broker would refuse a longer one only after the network, with a bare code.
     */
    public String checkTopic(String topic) {
        return checkLength("topic", topic, MAX_TOPIC_LENGTH);
    }

    /** As {@link #checkTopic}, for the producer group and its 255-character line. */
    public String checkProducerGroup(String group) {
        return checkLength("producerGroup", group, MAX_GROUP_LENGTH);
    }

    private String checkLength(String field, String value, int limit) {
        String stored = wrap(value);
        if (stored.length() > limit) {
            throw new MQValidationException(field, value, "must be at most " + (limit - prefix.length())
                    + " characters long in namespace '" + name + "': the broker stores it as '" + prefix + "...' ("
                    + stored.length() + " chars), and takes at most " + limit);
        }
        return value;
    }

    /**
     * Words for messages that name a user's topic: empty without a namespace, else where the broker keeps it, e.g.
     * {@code  (stored as 'a%orders' in namespace 'a')}.
     */
    public String describe(String topic) {
        return name.isEmpty() ? "" : " (" + storedAs(topic) + ")";
    }

    /** Where the broker keeps a user's topic, in words: {@code stored as 'a%orders' in namespace 'a'}. */
    public String storedAs(String topic) {
        return "stored as '" + wrap(topic) + "' in namespace '" + name + "'";
    }

    @Override
    public String toString() {
        return name.isEmpty() ? "no namespace" : "namespace '" + name + "'";
    }
}
