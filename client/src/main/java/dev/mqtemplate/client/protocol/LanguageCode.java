package dev.mqtemplate.client.protocol;

/**
 * Codes for the sender's implementation language: a byte in the binary header, the constant's name in JSON.
 */
public final class LanguageCode {

    public static final byte JAVA = 0;
    public static final byte CPP = 1;
    public static final byte DOTNET = 2;
    public static final byte PYTHON = 3;
    public static final byte DELPHI = 4;
    public static final byte ERLANG = 5;
    public static final byte RUBY = 6;
    public static final byte OTHER = 7;
    public static final byte HTTP = 8;
    public static final byte GO = 9;
    public static final byte PHP = 10;
    public static final byte OMS = 11;
    public static final byte RUST = 12;
    public static final byte NODE_JS = 13;

    // Indexed by code: the official enum's ordinals equal its byte codes, so one table serves both directions.
    private static final String[] NAMES = { "JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY", "OTHER",
            "HTTP", "GO", "PHP", "OMS", "RUST", "NODE_JS" };

    private LanguageCode() {
    }

    /**
     * The wire name of a code, such as {@code "JAVA"}, or {@code null} if the code is not one of the known ones.
     */
    public static String name(byte code) {
        return (code >= 0 && code < NAMES.length) ? NAMES[code] : null;
    }

    /**
     * Whether the code has a wire name.
     */
    public static boolean isKnown(byte code) {
        return name(code) != null;
    }

    /**
     * The code for a wire name. Names this client does not know map to {@link #OTHER}: the field is informational
     * and must not make an otherwise valid command unreadable.
     */
    public static byte fromName(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return (byte) i;
            }
        }
        return OTHER;
    }
}
