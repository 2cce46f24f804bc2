package dev.mqtemplate.client.error;

/**
 * Input was refused before anything went to the network: names the field, the offending value (abbreviated) and
 * the rule it breaks.
 */
public class MQValidationException extends MQNotSentException {

    private static final long serialVersionUID = 1L;

    private static final int MAX_SHOWN_VALUE = 64;

    private final String field;

    private final String rule;

    public MQValidationException(String field, Object value, String rule) {
        this(field, value, rule, null);
    }

    /** As {@link #MQValidationException(String, Object, String)}, with what made the value invalid (a failed conversion, say). */
    public MQValidationException(String field, Object value, String rule, Throwable cause) {
        super(field + " " + describe(value) + " is invalid: " + rule, null, cause);
        this.field = field;
        this.rule = rule;
    }

    /** The name of the offending field, e.g. {@code topic} or {@code property name}. */
    public String field() {
        return field;
    }

    /** The rule that was broken, in words. */
    public String rule() {
        return rule;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_SHOWN_VALUE) + 16).append('\'');
        for (int i = 0; i < text.length() && i < MAX_SHOWN_VALUE; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                shown.append(c).append(text.charAt(++i)); // a whole pair, an emoji say: shown as it is
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                // control characters and half pairs are the very thing some rules refuse: make them visible
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (text.length() > MAX_SHOWN_VALUE) {
            shown.append("...' (").append(text.length()).append(" chars)");
        } else {
            shown.append('\'');
        }
        return shown.toString();
    }
}
