package dev.mqtemplate.localbroker;

import java.io.File;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Apache RocketMQ version the local name servers and brokers run: 5.3.3 by default, another one when the system
 * property {@value #CLASSPATH_PROPERTY} gives their classpath (see {@link ChildJvm}). Tests of a feature that version
 * lacks skip themselves with an assumption that names it, rather than passing without proving anything.
 */
public final class RocketMQVersion implements Comparable<RocketMQVersion> {

    /**
     * System property: the classpath the RocketMQ servers run on instead of the default 5.3.3 one, either a file
     * holding it (as {@code dependency:build-classpath} writes it) or the path list itself.
     */
    public static final String CLASSPATH_PROPERTY = "mqtemplate.rocketmq.classpath";

    private static final Pattern BROKER_JAR = Pattern.compile("rocketmq-broker-(\\d+(?:\\.\\d+)*)[^" + Pattern.quote(File.separator) + "]*\\.jar$");

    private final int[] parts;

    private final String text;

    private RocketMQVersion(String text) {
        this.text = text;
        String[] split = text.split("\\.");
        this.parts = new int[split.length];
        for (int i = 0; i < split.length; i++) {
            parts[i] = Integer.parseInt(split[i]);
        }
    }

    /** A version such as {@code 4.9.7}. */
    public static RocketMQVersion of(String version) {
        return new RocketMQVersion(version);
    }

    /** The version of the local name servers and brokers, read from the {@code rocketmq-broker} jar they run. */
    public static RocketMQVersion ofServers() {
        return fromClasspath(ChildJvm.serverClasspath());
    }

    static RocketMQVersion fromClasspath(String classpath) {
        for (String entry : classpath.split(Pattern.quote(File.pathSeparator))) {
            Matcher matcher = BROKER_JAR.matcher(entry);
            if (matcher.find()) {
                return new RocketMQVersion(matcher.group(1));
            }
        }
        throw new IllegalStateException("no rocketmq-broker jar on the servers' classpath: " + classpath);
    }

    /** Major version: 4 or 5. */
    public int major() {
        return parts[0];
    }

    /** Whether this version is {@code other} or newer. */
    public boolean atLeast(String other) {
        return compareTo(of(other)) >= 0;
    }

    @Override
    public int compareTo(RocketMQVersion other) {
        for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
            int mine = i < parts.length ? parts[i] : 0;
            int theirs = i < other.parts.length ? other.parts[i] : 0;
            if (mine != theirs) {
                return Integer.compare(mine, theirs);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RocketMQVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        int length = parts.length;
        while (length > 1 && parts[length - 1] == 0) {
            length--; // 5.0 and 5.0.0 are equal, so hash alike
        }
        return java.util.Arrays.hashCode(java.util.Arrays.copyOf(parts, length));
    }

    @Override
    public String toString() {
        return text;
    }
}
