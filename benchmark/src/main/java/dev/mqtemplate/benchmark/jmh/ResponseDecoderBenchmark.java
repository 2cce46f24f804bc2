package dev.mqtemplate.benchmark.jmh;

import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RemotingCommandCodec;
import dev.mqtemplate.client.protocol.ResponseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A broker's answer to a send, as a 5.3.3 broker words it (msgId, queueId, queueOffset, MSG_REGION, TRACE_ON), from
 * frame bytes in a pooled direct buffer (as FrameDecoder hands it over, length field stripped) to a command.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResponseDecoderBenchmark {

    @Param({"JSON", "BINARY"})
    public HeaderSerialization serialization;

    private ByteBuf frame;

    @Setup
    public void setUp() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("msgId", "7F00000100002A9F0000000000A1B2C3");
        fields.put("queueId", "3");
        fields.put("queueOffset", "123456");
        fields.put("MSG_REGION", "DefaultRegion");
        fields.put("TRACE_ON", "true");
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null, fields, null).withOpaque(42);
        ByteBuf encoded = Unpooled.buffer();
        RemotingCommandCodec.encode(response, serialization, encoded);
        byte[] bytes = ByteBufUtil.getBytes(encoded, 4, encoded.readableBytes() - 4);
        encoded.release();
        frame = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    @Benchmark
    public RemotingCommand decodeFrame() {
        frame.readerIndex(0);
        return RemotingCommandCodec.decode(frame);
    }
}
