package dev.mqtemplate.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the named templates of {@code mq.templates.<name>.*}: their names, and the settings of each, which are those
 * of {@code mq.*} overridden by what the name sets. Read from the {@link Environment} rather than from the bound
 * {@link MQProperties} bean because bean definitions are registered before any bean exists. Public for the
 * auto-configurations that register a bean per named template in other packages.
 */
public final class NamedTemplates {

    static final String PRIMARY = MQTemplateFactory.PRIMARY;

    /** Where the named templates are configured. */
    public static final String PREFIX = "mq.templates";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Set once for every template: they share the I/O threads. */
    private static final List<String> SHARED_ONLY = List.of("io-threads", "native-transport");

    private NamedTemplates() {
    }

    /**
     * The names under {@code mq.templates}, in the order they are declared.
     *
     * @throws IllegalStateException naming the template, when a name is not lower-case letters, digits and '-', is
     *     {@value #PRIMARY}, or sets what only {@code mq.*} may set
     */
    public static Set<String> names(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, MQProperties> templates = binder.bind(PREFIX, Bindable.mapOf(String.class, MQProperties.class))
                .orElse(Map.of());
        for (String name : templates.keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("'" + PREFIX + "." + name + "': a template name is lower-case letters, "
                        + "digits and '-'");
            }
            if (name.equals(PRIMARY)) {
                throw new IllegalStateException("'" + PREFIX + "." + PRIMARY + "': '" + PRIMARY + "' is the name of the "
                        + "unnamed template; configure it under 'mq.*' or pick another name");
            }
            for (String shared : SHARED_ONLY) {
                String property = PREFIX + "." + name + "." + shared;
                if (binder.bind(property, Bindable.of(String.class)).isBound()) {
                    throw new IllegalStateException("'" + property + "': templates share the I/O threads, so '"
                            + shared + "' is set once, as 'mq." + shared + "'");
                }
            }
            if (!templates.get(name).getTemplates().isEmpty()) {
                throw new IllegalStateException("'" + PREFIX + "." + name + ".templates': templates do not nest");
            }
        }
        return templates.keySet();
    }

    /** The settings of template {@code name}: {@code mq.*}, then {@code mq.templates.<name>.*} over them. */
    static MQProperties properties(Environment environment, String name) {
        Binder binder = Binder.get(environment);
        MQProperties properties = new MQProperties();
        binder.bind("mq", Bindable.ofInstance(properties));
        binder.bind(PREFIX + "." + name, Bindable.ofInstance(properties));
        properties.getTemplates().clear();
        return properties;
    }

    /** The name servers set under {@code mq.templates.<name>}, if any (inherited ones do not count). */
    static Optional<String> ownNameServer(Environment environment, String name) {
        return Binder.get(environment).bind(PREFIX + "." + name + ".name-server", String.class)
                .map(Optional::of).orElse(Optional.empty());
    }

    /** The bean name of the {@code MQTemplate} of template {@code name}. */
    public static String beanName(String name) {
        return name + "MQTemplate";
    }
}
