package dev.mqtemplate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.benchmark.harness.BenchmarkCase;
import dev.mqtemplate.benchmark.harness.RunResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTests {

    private static final BenchmarkCase CASE = BenchmarkCase.ASYNC_1K_1000;

    private static final List<ClientKind> CLIENTS = List.of(ClientKind.MQTEMPLATE, ClientKind.MQTEMPLATE_BOOT,
            ClientKind.OFFICIAL_JSON, ClientKind.OFFICIAL_BINARY);

    @Test
    void ratiosGiveEachMQTemplateClientAgainstEachOfficialOneAndTheMeteredAgainstTheBare() {
        List<Measurement> measurements = new ArrayList<>();
        // messages in 10 s, CPU seconds, latency µs: only the ratios between clients matter here
        measurements.add(measurement(ClientKind.MQTEMPLATE, 400_000, 4.0, 1_000));
        measurements.add(measurement(ClientKind.MQTEMPLATE_BOOT, 300_000, 4.5, 1_500));
        measurements.add(measurement(ClientKind.OFFICIAL_JSON, 100_000, 5.0, 3_000));
        measurements.add(measurement(ClientKind.OFFICIAL_BINARY, 150_000, 6.0, 2_000));

        String markdown = new Report(measurements, List.of("stub"), List.of(CASE), CLIENTS).markdownTables();

        // msgs/s vs JSON, vs binary; p99 vs JSON, vs binary; CPU per message vs JSON, vs binary
        assertThat(markdown).contains("| stub | " + CASE.title() + " | mqtemplate | 4.00× | 2.67× | 0.33× | 0.50× | "
                + "0.20× | 0.25× |");
        assertThat(markdown).contains("| stub | " + CASE.title() + " | mqtemplate-boot | 3.00× | 2.00× | 0.50× | "
                + "0.75× | 0.30× | 0.38× |");
        // metered / bare: msgs/s, p99, CPU per message
        assertThat(markdown).contains("| stub | " + CASE.title() + " | 0.75× | 1.50× | 1.50× |");
        assertThat(markdown.lines().filter(line -> line.startsWith("| " + CASE.title() + " | "))).extracting(
                line -> line.split(" \\| ")[1]).containsExactly("mqtemplate", "mqtemplate-boot", "official-json",
                "official-binary");
    }

    @Test
    void batchingIsComparedWithTheOfficialAutoBatchAndItsDefaults() {
        List<Measurement> measurements = List.of(measurement(ClientKind.MQTEMPLATE_BATCHING, 600_000, 3.0, 2_000),
                measurement(ClientKind.OFFICIAL_AUTOBATCH, 200_000, 6.0, 4_000),
                measurement(ClientKind.OFFICIAL_JSON, 150_000, 6.0, 3_000));
        List<ClientKind> clients = List.of(ClientKind.MQTEMPLATE_BATCHING, ClientKind.OFFICIAL_AUTOBATCH,
                ClientKind.OFFICIAL_JSON);

        String markdown = new Report(measurements, List.of("stub"), List.of(CASE), clients).markdownTables();

        // msgs/s vs autoBatch, vs defaults; p99 vs autoBatch; CPU per message vs autoBatch
        assertThat(markdown).contains("| stub | " + CASE.title() + " | 3.00× | 4.00× | 0.50× | 0.17× |");
    }

    @Test
    void withoutTheBareClientThereIsNoMeteredCostTable() {
        List<Measurement> measurements = List.of(measurement(ClientKind.MQTEMPLATE_BOOT, 300_000, 4.5, 1_500),
                measurement(ClientKind.OFFICIAL_JSON, 100_000, 5.0, 3_000));
        List<ClientKind> clients = List.of(ClientKind.MQTEMPLATE_BOOT, ClientKind.OFFICIAL_JSON);

        String markdown = new Report(measurements, List.of("stub"), List.of(CASE), clients).markdownTables();

        assertThat(markdown).contains("| stub | " + CASE.title() + " | mqtemplate-boot | 3.00× | n/a |");
        assertThat(markdown).doesNotContain("| stub | " + CASE.title() + " | mqtemplate |")
                .doesNotContain("(metered) / mqtemplate (bare)");
    }

    private static Measurement measurement(ClientKind client, long messages, double cpuSeconds, long latencyMicros) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(latencyMicros * 1000, messages);
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        String encoded = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        Measurement measurement = new Measurement("stub", CASE, client);
        measurement.add(new RunResult(client.label(), CASE.name(), messages, messages, 0, 10.0,
                (long) (cpuSeconds * 1e9), messages * 1000, 0, 0, encoded));
        return measurement;
    }
}
