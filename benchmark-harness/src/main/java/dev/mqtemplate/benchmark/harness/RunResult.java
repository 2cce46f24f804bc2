package dev.mqtemplate.benchmark.harness;

/**
 * What one measured phase produced, printed by the child as one JSON line after {@link #PREFIX}.
 *
 * @param client label of the client run (e.g. {@code mqtemplate}, {@code official-json})
 * @param caseId the {@link BenchmarkCase} name
 * @param messages messages stored in the measured phase (a batch counts its messages)
 * @param requests requests completed in the measured phase (latency samples)
 * @param errors failed requests in the measured phase
 * @param seconds length of the measured phase
 * @param cpuNanos process CPU time spent in it
 * @param allocatedBytes bytes allocated in it (see {@link ProcessMeter})
 * @param gcCount collections in it
 * @param gcMillis time in collections in it
 * @param histogram latencies in nanoseconds, HdrHistogram compressed encoding, Base64
 */
public record RunResult(String client, String caseId, long messages, long requests, long errors, double seconds,
        long cpuNanos, long allocatedBytes, long gcCount, long gcMillis, String histogram) {

    /** Start of the line that carries the result on the child's standard output. */
    public static final String PREFIX = "RESULT ";

    /** The JSON form; every value is a number or a string without characters that need escaping. */
    public String toJson() {
        return "{\"client\":\"" + client + "\",\"caseId\":\"" + caseId + "\",\"messages\":" + messages
                + ",\"requests\":" + requests + ",\"errors\":" + errors + ",\"seconds\":" + seconds
                + ",\"cpuNanos\":" + cpuNanos + ",\"allocatedBytes\":" + allocatedBytes + ",\"gcCount\":" + gcCount
                + ",\"gcMillis\":" + gcMillis + ",\"histogram\":\"" + histogram + "\"}";
    }
}
