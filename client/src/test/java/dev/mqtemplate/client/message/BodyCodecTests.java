package dev.mqtemplate.client.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.mqtemplate.client.error.MQCompressionUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The LZ4 and zstd codecs, read back by the decoders the official consumer uses; the sysFlag bits of each type. */
class BodyCodecTests {

    private static final int[] SIZES = {0, 1, 4096, 16 * 1024, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 200_000,
            1 << 20};

    @Test
    void sysFlagBitsOfEachTypeAreTheOfficialValues() {
        assertThat(new BodyCompressor(CompressionType.LZ4, 5, 0).sysFlagBits()).isEqualTo(0x101);
        assertThat(new BodyCompressor(CompressionType.ZSTD, 5, 0).sysFlagBits()).isEqualTo(0x201);
        assertThat(new BodyCompressor(CompressionType.ZLIB, 5, 0).sysFlagBits()).isEqualTo(0x301);
        assertThat(new BodyCompressor(CompressionType.LZ4, 5, 4096).compressIfWorthIt(text(4096)).sysFlagBits())
                .isEqualTo(MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_LZ4);
        assertThat(new BodyCompressor(CompressionType.ZSTD, 5, 4096).compressIfWorthIt(text(4096)).sysFlagBits())
                .isEqualTo(MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZSTD);
    }

    @Test
    void typeIsReadFromTheSysFlagAsOfficialReadersDo() {
        assertThat(CompressionType.fromSysFlag(0x1)).isEqualTo(CompressionType.ZLIB); // pre-4.9.4 producers
        assertThat(CompressionType.fromSysFlag(0x101)).isEqualTo(CompressionType.LZ4);
        assertThat(CompressionType.fromSysFlag(0x201)).isEqualTo(CompressionType.ZSTD);
        assertThat(CompressionType.fromSysFlag(0x301 | 0x4)).isEqualTo(CompressionType.ZLIB);
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionType.fromSysFlag(0x401));
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionType.fromSysFlag(0x701));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 16 * 1024, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 200_000, 1 << 20})
    void lz4FramesAreReadByTheLibrarysFrameReaderAndEqualItsOwnFrameWriter(int size) throws IOException {
        BodyCompressor compressor = new BodyCompressor(CompressionType.LZ4, 5, 0);
        for (byte[] body : List.of(text(size), random(size))) {
            byte[] ours = compressor.compress(body);
            try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(ours))) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            assertThat(ours).as("%d bytes", size).isEqualTo(lz4FrameStream(body));
            assertThat(BodyCompressor.decompress(ours, 0x101)).isEqualTo(body);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 16 * 1024, 64 * 1024 + 1, 200_000, 1 << 20})
    void zstdFramesAreReadByTheStreamTheOfficialConsumerUses(int size) throws IOException {
        BodyCompressor compressor = new BodyCompressor(CompressionType.ZSTD, 5, 0);
        for (byte[] body : List.of(text(size), random(size))) {
            byte[] ours = compressor.compress(body);
            try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(ours))) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            assertThat(Zstd.getFrameContentSize(ours)).isEqualTo(size);
            assertThat(BodyCompressor.decompress(ours, 0x201)).isEqualTo(body);
        }
    }

    @Test
    void zstdUsesTheConfiguredLevel() {
        byte[] body = text(200_000);
        byte[] fast = new BodyCompressor(CompressionType.ZSTD, 1, 0).compress(body);
        byte[] level5 = new BodyCompressor(CompressionType.ZSTD, 5, 0).compress(body);
        assertThat(level5).isEqualTo(Zstd.compress(body, 5));
        assertThat(fast).isEqualTo(Zstd.compress(body, 1)).isNotEqualTo(level5);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void incompressibleBodiesAreSentAsTheyAre(CompressionType type) {
        byte[] body = random(8192);
        CompressionResult result = new BodyCompressor(type, 5, 4096).compressIfWorthIt(body);
        assertThat(result.compressed()).isFalse();
        assertThat(result.sysFlagBits()).isZero();
        assertThat(result.body()).isSameAs(body);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void reusedCodecsGiveTheSameBytesAcrossSizesAndThreads(CompressionType type) throws Exception {
        BodyCompressor compressor = new BodyCompressor(type, 5, 0);
        List<byte[]> bodies = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int size : SIZES) {
            byte[] body = text(size);
            bodies.add(body);
            expected.add(new BodyCompressor(type, 5, 0).compress(body));
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(executor.submit(() -> {
                    for (int round = 0; round < 60; round++) {
                        int i = (round + offset) % bodies.size();
                        if (!Arrays.equals(compressor.compress(bodies.get(i)), expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            executor.shutdownNow();
        }
        for (int i = 0; i < bodies.size(); i++) {
            int sysFlag = MessageSysFlag.COMPRESSED | type.sysFlagBits();
            assertThat(BodyCompressor.decompress(expected.get(i), sysFlag)).isEqualTo(bodies.get(i));
        }
    }

    @Test
    void closeFreesThePooledZstdContextsAndLaterBodiesStillCompress() {
        BodyCompressor compressor = new BodyCompressor(CompressionType.ZSTD, 5, 0);
        byte[] body = text(20_000);
        byte[] before = compressor.compress(body);
        int live = ZstdCodec.liveContexts();

        compressor.close();

        assertThat(ZstdCodec.liveContexts()).isEqualTo(live - 1);
        // a send still finishing after the close gets a codec of its own, ended after use
        assertThat(compressor.compress(body)).isEqualTo(before);
        assertThat(ZstdCodec.liveContexts()).isEqualTo(live - 1);
    }

    @Test
    void levelsAreCheckedPerType() {
        assertThat(new BodyCompressor(CompressionType.ZSTD, 22, 0).level()).isEqualTo(22);
        assertThatIllegalArgumentException().isThrownBy(() -> new BodyCompressor(CompressionType.ZSTD, 23, 0))
                .withMessageContaining("0..22 for ZSTD");
        assertThatIllegalArgumentException().isThrownBy(() -> new BodyCompressor(CompressionType.ZLIB, 10, 0))
                .withMessageContaining("0..9 for ZLIB");
        assertThatIllegalArgumentException().isThrownBy(() -> new BodyCompressor(CompressionType.LZ4, -1, 0));
    }

    @Test
    void garbageIsRefusedByEachDecoder() {
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8};
        for (int sysFlag : new int[] {0x101, 0x201, 0x301}) {
            assertThatIllegalArgumentException().isThrownBy(() -> BodyCompressor.decompress(garbage, sysFlag));
        }
    }

    /**
     * A class loader with the client's classes and nothing else: the codec libraries are really missing there, so
     * choosing LZ4 or zstd must fail at once, with the typed error naming the artifact.
     */
    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"LZ4", "ZSTD"})
    void aCodecWhoseLibraryIsMissingFailsWhenTheCompressorIsBuilt(CompressionType type) throws Exception {
        URL clientClasses = BodyCompressor.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutLibraries = new URLClassLoader(new URL[] {clientClasses},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> typeClass = withoutLibraries.loadClass(CompressionType.class.getName());
            Class<?> compressorClass = withoutLibraries.loadClass(BodyCompressor.class.getName());
            Object isolatedType = typeClass.getMethod("valueOf", String.class).invoke(null, type.name());
            assertThatThrownBy(() -> {
                try {
                    compressorClass.getConstructor(typeClass, int.class, int.class).newInstance(isolatedType, 5, 4096);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }).satisfies(error -> {
                assertThat(error.getClass().getName()).isEqualTo(MQCompressionUnavailableException.class.getName());
                assertThat(error.getClass().getMethod("artifact").invoke(error)).isEqualTo(type.artifact());
                assertThat(error).hasMessageContaining(type.artifact()).hasMessageContaining(type.name());
            });
            // zlib needs nothing beyond the JDK
            assertThat(compressorClass.getConstructor(typeClass, int.class, int.class)
                    .newInstance(typeClass.getMethod("valueOf", String.class).invoke(null, "ZLIB"), 5, 4096))
                    .isNotNull();
        }
    }

    private static byte[] lz4FrameStream(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(int length) {
        String[] words = {"order", "created", "paid", "shipped", "customer", "42", "Zürich", "rocket", "queue "};
        Random random = new Random(length);
        StringBuilder sb = new StringBuilder(length + 16);
        while (sb.length() < length) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), length);
    }
}
