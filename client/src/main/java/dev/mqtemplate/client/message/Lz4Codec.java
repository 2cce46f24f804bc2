package dev.mqtemplate.client.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 frame format (the one RocketMQ's {@code Lz4Compressor} reads with {@code LZ4FrameInputStream}), written
 * straight into the output array by lz4-java's block compressor: independent blocks of 64 KiB, no checksums, as
 * {@code LZ4FrameOutputStream} with 64 KiB blocks writes it. The official producer declares 4 MiB blocks, and its
 * stream then allocates and zero-fills 4 MiB per body; a reader sizes its buffer by the declared block size, so
 * 64 KiB is cheaper for readers too.
 */
final class Lz4Codec extends BodyCodec {

    private static final int MAGIC = 0x184D2204;

    /** Version 01, blocks independent; no block or content checksum, no content size, no dictionary. */
    private static final byte FLG = 0x60;

    /** Block maximum size 64 KiB (code 4). */
    private static final byte BD = 0x40;

    private static final int BLOCK_SIZE = 64 * 1024;

    private static final int UNCOMPRESSED_BLOCK = 0x80000000;

    /** Magic, FLG, BD and the header checksum. */
    private static final int HEADER_LENGTH = 7;

    private static final int END_MARK_LENGTH = 4;

    // thread-safe and stateless: shared by every codec
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();

    /** The descriptor's checksum: the second byte of xxHash32 over FLG and BD, seed 0. */
    private static final byte HEADER_CHECKSUM = (byte) (XXHashFactory.fastestInstance().hash32()
            .hash(new byte[] {FLG, BD}, 0, 2, 0) >> 8);

    @Override
    int outputLength(int length, int limit) {
        int blocks = (length + BLOCK_SIZE - 1) / BLOCK_SIZE;
        int full = length / BLOCK_SIZE;
        int last = length - full * BLOCK_SIZE;
        long bound = HEADER_LENGTH + END_MARK_LENGTH + 4L * blocks
                + (long) full * COMPRESSOR.maxCompressedLength(BLOCK_SIZE)
                + (last > 0 ? COMPRESSOR.maxCompressedLength(last) : 0);
        return (int) Math.min(Integer.MAX_VALUE - 8, bound);
    }

    @Override
    int compress(byte[] body, byte[] out, int limit) {
        putIntLE(out, 0, MAGIC);
        out[4] = FLG;
        out[5] = BD;
        out[6] = HEADER_CHECKSUM;
        int position = HEADER_LENGTH;
        for (int offset = 0; offset < body.length; offset += BLOCK_SIZE) {
            if (position > limit) {
                return -1;
            }
            int length = Math.min(BLOCK_SIZE, body.length - offset);
            int compressed = COMPRESSOR.compress(body, offset, length, out, position + 4,
                    out.length - position - 4);
            if (compressed >= length) {
                // a block that does not shrink is stored as it is, flagged by the size's high bit
                putIntLE(out, position, length | UNCOMPRESSED_BLOCK);
                System.arraycopy(body, offset, out, position + 4, length);
                position += 4 + length;
            } else {
                putIntLE(out, position, compressed);
                position += 4 + compressed;
            }
        }
        putIntLE(out, position, 0);
        position += END_MARK_LENGTH;
        return position > limit ? -1 : position;
    }

    /**
     * The original of an LZ4 frame, read by lz4-java's frame reader (it takes every frame option, checksums included).
     *
     * @throws IllegalArgumentException if {@code compressed} is not a valid LZ4 frame
     */
    static byte[] decompress(byte[] compressed) {
        try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an LZ4 frame: " + e.getMessage(), e);
        }
    }

    private static void putIntLE(byte[] out, int at, int value) {
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
        out[at + 2] = (byte) (value >>> 16);
        out[at + 3] = (byte) (value >>> 24);
    }
}
