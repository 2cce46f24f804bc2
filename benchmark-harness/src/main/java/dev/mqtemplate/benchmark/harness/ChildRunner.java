package dev.mqtemplate.benchmark.harness;

import java.io.InputStream;
import java.time.Duration;
import java.util.function.Function;

/**
 * The main of a benchmark child JVM: builds the client, runs one case, prints the result line, exits. Arguments:
 * client label, case, name-server address, topic, warm-up seconds, measured seconds. The JVM halts when its standard
 * input closes, so a killed orchestrator leaves no child behind.
 */
public final class ChildRunner {

    /** What a child needs to build its client. */
    public record Target(String nameServer, String topic, String label) {
    }

    private ChildRunner() {
    }

    /** Runs the child with a client made by {@code clientFactory}; never returns. */
    public static void run(String[] args, Function<Target, BenchmarkClient> clientFactory) {
        Thread watcher = new Thread(ChildRunner::haltWhenParentGoes, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        int status = 0;
        try {
            String label = args[0];
            BenchmarkCase benchmarkCase = BenchmarkCase.valueOf(args[1]);
            Target target = new Target(args[2], args[3], label);
            Duration warmUp = Duration.ofMillis((long) (Double.parseDouble(args[4]) * 1000));
            Duration measure = Duration.ofMillis((long) (Double.parseDouble(args[5]) * 1000));
            BenchmarkClient client = clientFactory.apply(target);
            if (benchmarkCase.mode() == BenchmarkCase.Mode.BATCH && !client.supportsBatch()) {
                throw new IllegalArgumentException(label + " has no batch send");
            }
            RunResult result = new CaseRunner(client, benchmarkCase).run(label, warmUp, measure);
            System.out.println(RunResult.PREFIX + result.toJson());
            System.out.flush();
            // a short, bounded close: the result is out, and a slow shutdown must not stretch the whole benchmark
            closeWithin(client, Duration.ofSeconds(1));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        // some clients leave non-daemon threads behind; the result is out, so stop here
        Runtime.getRuntime().halt(status);
    }

    private static void closeWithin(BenchmarkClient client, Duration budget) throws InterruptedException {
        Thread closer = new Thread(client::close, "bench-close");
        closer.setDaemon(true);
        closer.start();
        closer.join(budget.toMillis());
    }

    private static void haltWhenParentGoes() {
        try (InputStream in = System.in) {
            byte[] sink = new byte[256];
            while (in.read(sink) >= 0) {
                // the parent never writes; we only wait for the pipe to close
            }
        } catch (Exception ignored) {
            // a broken pipe means the same as end of file
        }
        Runtime.getRuntime().halt(3);
    }
}
