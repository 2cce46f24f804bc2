package dev.mqtemplate.client;

import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.StoredMessageReader;
import dev.mqtemplate.client.metrics.SendMetrics;
import dev.mqtemplate.client.route.Namespace;
import dev.mqtemplate.client.send.TransactionEnd;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The checkers of one template and the rule that picks one for a broker's check: a checker registered for a property
 * value the message carries comes first (in registration order), then the checker of the message's topic. A check no
 * checker matches is answered UNKNOWN and counted, so the broker asks again and the miss shows in the metrics.
 */
final class TransactionCheckers {

    private record ByProperty(String name, String value, TransactionChecker checker) {
    }

    private final Map<String, TransactionChecker> byTopic;

    private final List<ByProperty> byProperty;

    private final SendMetrics metrics;

    /** Check-backs carry the stored topic; checkers are registered under the user's. */
    private final Namespace namespace;

    private TransactionCheckers(Registry registry, SendMetrics metrics, Namespace namespace) {
        this.namespace = namespace;
        this.byTopic = Map.copyOf(registry.byTopic);
        this.byProperty = List.copyOf(registry.byProperty);
        this.metrics = metrics;
    }

    /** The {@code commitOrRollback} value (see {@link TransactionEnd}) that answers a check of {@code message}. */
    int answer(StoredMessageReader message) {
        String topic = namespace.unwrap(message.properties().getOrDefault(MessageProperties.REAL_TOPIC,
                message.topic()));
        TransactionChecker checker = find(topic, message.properties());
        if (checker == null) {
            metrics.transactionChecked(topic, "unmatched");
            return TransactionEnd.UNKNOWN;
        }
        TransactionDecision decision;
        try {
            decision = checker.check(new TransactionChecker.CheckedMessage(topic,
                    message.properties().get(MessageProperties.UNIQ_KEY), message.properties(), message.body(),
                    Instant.ofEpochMilli(message.bornTimestamp())));
        } catch (Exception e) {
            decision = TransactionDecision.UNKNOWN; // the broker asks again
        }
        decision = decision == null ? TransactionDecision.UNKNOWN : decision;
        metrics.transactionChecked(topic, decision.name().toLowerCase(Locale.ROOT));
        return decision.commitOrRollback();
    }

    private TransactionChecker find(String topic, Map<String, String> properties) {
        for (ByProperty rule : byProperty) {
            if (rule.value().equals(properties.get(rule.name()))) {
                return rule.checker();
            }
        }
        return byTopic.get(topic);
    }

    /** Collects checkers while a template is built; refuses a second checker for the same topic or property value. */
    static final class Registry {

        private final Map<String, TransactionChecker> byTopic = new HashMap<>();

        private final List<ByProperty> byProperty = new ArrayList<>();

        void addForTopic(String topic, TransactionChecker checker) {
            if (byTopic.putIfAbsent(Objects.requireNonNull(topic, "topic"),
                    Objects.requireNonNull(checker, "checker")) != null) {
                throw new IllegalStateException("topic '" + topic + "' has a transaction checker already");
            }
        }

        void addForProperty(String name, String value, TransactionChecker checker) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(checker, "checker");
            for (ByProperty rule : byProperty) {
                if (rule.name().equals(name) && rule.value().equals(value)) {
                    throw new IllegalStateException("property " + name + "=" + value
                            + " has a transaction checker already");
                }
            }
            byProperty.add(new ByProperty(name, value, checker));
        }

        TransactionCheckers build(SendMetrics metrics) {
            return build(metrics, Namespace.NONE);
        }

        TransactionCheckers build(SendMetrics metrics, Namespace namespace) {
            return new TransactionCheckers(this, metrics, namespace);
        }
    }
}
