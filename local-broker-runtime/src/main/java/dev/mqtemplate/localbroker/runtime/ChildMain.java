package dev.mqtemplate.localbroker.runtime;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM: runs the real main class given as first argument, and halts the JVM when its
 * standard input reaches end of file, which happens when the parent process dies. That way a crashed or killed test
 * JVM never leaves a broker behind.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(ChildMain::haltWhenParentGoes, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void haltWhenParentGoes() {
        try (InputStream in = System.in) {
            byte[] sink = new byte[256];
            while (in.read(sink) >= 0) {
                // the parent never writes; we only wait for the pipe to close
            }
        } catch (Exception ignored) {
            // a broken pipe means the same thing as end of file
        }
        Runtime.getRuntime().halt(0);
    }
}
