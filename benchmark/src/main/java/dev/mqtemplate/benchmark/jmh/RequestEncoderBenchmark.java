package dev.mqtemplate.benchmark.jmh;

import dev.mqtemplate.benchmark.harness.Bodies;
import dev.mqtemplate.client.message.MessageIdGenerator;
import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.protocol.HeaderSerialization;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.protocol.RemotingCommandCodec;
import dev.mqtemplate.client.route.MessageQueue;
import dev.mqtemplate.client.send.OutgoingMessage;
import dev.mqtemplate.client.send.SendRequestEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 1 KiB send request from message to frame bytes: SendRequestEncoder builds the command, RemotingCommandCodec
 * writes the frame into a pooled direct buffer (as FrameEncoder does on the channel), which is then released.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RequestEncoderBenchmark {

    @Param({"JSON", "BINARY"})
    public HeaderSerialization serialization;

    private SendRequestEncoder encoder;

    private OutgoingMessage message;

    private MessageQueue queue;

    @Setup
    public void setUp() {
        encoder = new SendRequestEncoder("bench_producer");
        String id = new MessageIdGenerator().nextId();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MessageProperties.TAGS, "bench");
        properties.put(MessageProperties.WAIT, "true");
        properties.put(MessageProperties.UNIQ_KEY, id);
        byte[] body = Bodies.random(Bodies.SMALL);
        message = new OutgoingMessage("bench_topic", id, MessageProperties.encode(properties),
                MessageProperties.encodedUtf8Length(properties), body, 0, 0, body.length);
        queue = new MessageQueue("bench_topic", "broker-a", 3);
    }

    /** Encoder and codec together, what every send pays before the socket. */
    @Benchmark
    public int encodeFrame() {
        RemotingCommand command = encoder.encode(message, queue).withOpaque(42);
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(
                RemotingCommandCodec.FRAME_PREFIX_LENGTH + 512 + message.body().length);
        try {
            RemotingCommandCodec.encode(command, serialization, frame);
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }

    /** The encoder alone: header fields into a command. */
    @Benchmark
    public RemotingCommand buildCommand() {
        return encoder.encode(message, queue);
    }
}
