package io.photonflow.math.projection;

import java.util.Arrays;

/**
 * The fast Walsh–Hadamard transform, unnormalized (H·H = n·I, entries of H are ±1), of one vector
 * of n = 2^k floats, with the working buffer it runs in. One instance is one buffer: allocate it
 * once, reuse it for every vector, and give each thread its own.
 *
 * <p>Use: {@link #load} (or {@link #scatter}) a vector, {@link #transform()} it, then {@link
 * #store} (or {@link #gather}) the result. The butterflies run from the highest index bit down, as
 * in the textbook loop {@code for (h = n / 2; h >= 1; h /= 2)}, on the same pairs in the same
 * order, so the result is bit-identical to that loop however the work is tiled.
 *
 * <p>Vectors of at least {@value #TILE} values run on vector units. The JIT compiler of Java 17
 * (C2) vectorizes an in-place loop only when all its accesses to one array differ by constants, or
 * are the same index into different arrays; and a butterfly within one SIMD register (the strides 1
 * to 8) it cannot vectorize at all. So the buffer is a list of tiles of 256 x 256 values, each its
 * own array: the stages across tiles pair the same index of different arrays; inside a tile, the
 * stages on the row bits use literal strides; the column bits become row bits by one transposition
 * of the tile, done by scalar code while the tile is in L2. The result is left transposed within
 * each tile (see {@link #position}), which a random projection does not mind. Every pass fuses two
 * stages (radix 4): the same loop in radix 8 ran scalar, seven times slower per butterfly (measured
 * on Java 17). Smaller vectors run the textbook loop, scalar.
 *
 * <p>Measured on 2 cores of an AMD EPYC (Zen 5) VM: a transform of 2^20 values takes 0.63 to 0.76
 * ms (about 30 Gadd/s), of which 0.19 ms is the scalar transposition.
 */
public final class WalshHadamard {

    /** Values per tile: vectors at least this long take the vectorized path. */
    public static final int TILE = 1 << 16;

    private static final int SIDE = 256;
    private static final int TILE_BITS = 16;
    private static final int TILE_MASK = TILE - 1;

    /**
     * Values of all tiles together that the stages across tiles work on at a time: 256 KiB, so that
     * the strip stays in L2 through all of those stages.
     */
    private static final int STRIP = 1 << 16;

    /** Shortest run of an across-tile loop; below it the loop's set-up costs more than it does. */
    private static final int MIN_RUN = 256;

    /**
     * Columns of a tile whose stages on the top four row bits run together: 16 runs of this length,
     * 32 KiB, fit L1.
     */
    private static final int L1_RUN = 512;

    private final int size;
    private final int bits;
    private final int tileLength;
    private final float[][] tiles;
    private float[] spare;

    /** A buffer for vectors of {@code size} values, a power of two. */
    public WalshHadamard(int size) {
        if (size < 1 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two, got " + size);
        }
        this.size = size;
        this.bits = Integer.numberOfTrailingZeros(size);
        this.tileLength = Math.min(size, TILE);
        this.tiles = new float[size / tileLength][tileLength];
        this.spare = new float[tileLength];
    }

    /**
     * The transform of {@code data[offset, offset + size)} in place, in natural order. Allocates a
     * buffer per call: to transform many vectors, keep an instance.
     */
    public static void transform(float[] data, int offset, int size) {
        WalshHadamard transform = new WalshHadamard(size);
        transform.copyIn(data, offset);
        transform.transform();
        for (int k = 0; k < size; k++) {
            int p = transform.position(k);
            data[offset + k] = transform.tiles[p >>> TILE_BITS][p & TILE_MASK];
        }
    }

    /** Number of values of the vectors this buffer transforms. */
    public int size() {
        return size;
    }

    /** Bytes this buffer holds. */
    public long bytes() {
        return 4L * (size + tileLength);
    }

    /**
     * {@code values}, a power of two of them, cut into tiles as this buffer holds a vector: the
     * form {@link #load} takes its factors in, so that they multiply without being copied.
     */
    public static float[][] tiles(float[] values) {
        if (Integer.bitCount(values.length) != 1) {
            throw new IllegalArgumentException("a power of two of values, got " + values.length);
        }
        int length = Math.min(values.length, TILE);
        float[][] tiles = new float[values.length / length][];
        for (int t = 0; t < tiles.length; t++) {
            tiles[t] = Arrays.copyOfRange(values, t * length, (t + 1) * length);
        }
        return tiles;
    }

    /**
     * Sets the vector to {@code source[offset + i]} times factor i, i &lt; size, where {@code
     * factors} holds the factors cut by {@link #tiles}.
     */
    public void load(float[] source, int offset, float[][] factors) {
        copyIn(source, offset);
        for (int t = 0; t < tiles.length; t++) {
            multiply(tiles[t], factors[t]);
        }
    }

    /**
     * Sets the vector to zero but for value {@code positions[j]}, which becomes {@code
     * source[offset + j] * factors[j]}, for every j &lt; positions.length.
     */
    public void scatter(float[] source, int offset, int[] positions, float[] factors) {
        for (float[] tile : tiles) {
            Arrays.fill(tile, 0f);
        }
        for (int j = 0; j < positions.length; j++) {
            int p = positions[j];
            tiles[p >>> TILE_BITS][p & TILE_MASK] = source[offset + j] * factors[j];
        }
    }

    /** Replaces the vector x with H x; coordinate k of H x is left at {@link #position}(k). */
    public void transform() {
        transform(null, 0, null, null, 0);
    }

    /**
     * {@link #load}, {@link #transform()} and {@link #store} in one pass over memory, with the same
     * result: each strip of the vector is loaded just before the stages across tiles work on it,
     * and each tile is stored just after its last stage, while it is still in L2. The separate
     * steps cost the transform three more trips through main memory for a vector of 2^20 values.
     *
     * @param source the vector x at {@code sourceOffset}, times {@code factors} as {@link #load}
     *     takes them; null: x is the vector already loaded (by {@link #scatter})
     * @param target where H x goes at {@code targetOffset}, as {@link #store} writes it; null: it
     *     stays in the buffer (for {@link #gather})
     */
    public void transform(
            float[] source, int sourceOffset, float[][] factors, float[] target, int targetOffset) {
        if (size < TILE) {
            if (source != null) {
                load(source, sourceOffset, factors);
            }
            textbook(tiles[0]);
            if (target != null) {
                store(target, targetOffset);
            }
            return;
        }
        acrossTiles(source, sourceOffset, factors);
        for (int t = 0; t < tiles.length; t++) {
            float[] tile = tiles[t];
            rowBits(tile);
            transpose(tile, spare);
            tiles[t] = spare;
            spare = tile;
            rowBits(tiles[t]);
            if (target != null) {
                System.arraycopy(tiles[t], 0, target, targetOffset + t * tileLength, tileLength);
            }
        }
    }

    /**
     * Where {@link #transform()} leaves coordinate {@code k} of H x: k itself below {@value #TILE}
     * values, else k with its row and column swapped inside its tile.
     */
    public int position(int k) {
        if (size < TILE) {
            return k;
        }
        int row = (k >>> 8) & (SIDE - 1);
        int column = k & (SIDE - 1);
        return (k & ~TILE_MASK) | column << 8 | row;
    }

    /** Writes value p of the buffer to {@code target[offset + p]}, p &lt; size. */
    public void store(float[] target, int offset) {
        for (int t = 0; t < tiles.length; t++) {
            System.arraycopy(tiles[t], 0, target, offset + t * tileLength, tileLength);
        }
    }

    /** Writes value positions[j] of the buffer to {@code target[offset + j]}. */
    public void gather(int[] positions, float[] target, int offset) {
        for (int j = 0; j < positions.length; j++) {
            int p = positions[j];
            target[offset + j] = tiles[p >>> TILE_BITS][p & TILE_MASK];
        }
    }

    private void copyIn(float[] source, int offset) {
        for (int t = 0; t < tiles.length; t++) {
            System.arraycopy(source, offset + t * tileLength, tiles[t], 0, tileLength);
        }
    }

    private static void textbook(float[] a) {
        for (int h = a.length >>> 1; h >= 1; h >>>= 1) {
            for (int i = 0; i < a.length; i += 2 * h) {
                for (int j = i; j < i + h; j++) {
                    float u = a[j];
                    float v = a[j + h];
                    a[j] = u + v;
                    a[j + h] = u - v;
                }
            }
        }
    }

    /**
     * The stages on the bits above a tile, a strip of columns of all tiles at a time, each strip
     * first loaded from {@code source} times {@code factors} when a source is given.
     */
    private void acrossTiles(float[] source, int offset, float[][] factors) {
        int stages = bits - TILE_BITS;
        int run = Math.max(MIN_RUN, STRIP / tiles.length);
        for (int from = 0; from < TILE; from += run) {
            int to = from + run;
            if (source != null) {
                for (int t = 0; t < tiles.length; t++) {
                    multiply(tiles[t], source, offset + t * TILE, factors[t], from, to);
                }
            }
            int bit = stages;
            if (bit % 2 == 1) {
                int s = 1 << (bit - 1);
                for (int t = 0; t < s; t++) {
                    pair(tiles[t], tiles[t + s], from, to);
                }
                bit--;
            }
            for (; bit > 0; bit -= 2) {
                int s = 1 << (bit - 2);
                for (int g = 0; g < tiles.length; g += 4 * s) {
                    for (int t = g; t < g + s; t++) {
                        quad(tiles[t], tiles[t + s], tiles[t + 2 * s], tiles[t + 3 * s], from, to);
                    }
                }
            }
        }
    }

    /**
     * The stages on the eight row bits of a tile (index bits 15 to 8), highest first: the top four
     * on column runs that fit L1, then the low four a 16 KiB group at a time.
     */
    private static void rowBits(float[] a) {
        for (int from = 0; from < 4096; from += L1_RUN) {
            int to = from + L1_RUN;
            for (int s = 0; s < TILE / 4; s += 4096) {
                quad16384(a, s + from, s + to);
            }
            for (int g = 0; g < TILE; g += 16384) {
                quad4096(a, g + from, g + to);
            }
        }
        for (int g = 0; g < TILE; g += 4096) {
            quad1024(a, g, g + 1024);
            for (int s = g; s < g + 4096; s += 1024) {
                quad256(a, s, s + 256);
            }
        }
    }

    // The four radix-4 kernels inside a tile differ only in their stride, a literal in each: with
    // the stride as an argument C2 compiles the same loop to scalar code, eight times slower.
    // Each takes x0..x3 at j + {0, 1, 2, 3} * stride, pairs (x0, x2), (x1, x3) on the higher bit
    // first, then (y0, y1), (y2, y3).

    private static void quad16384(float[] a, int from, int to) {
        for (int j = from; j < to; j++) {
            float x0 = a[j], x1 = a[j + 16384], x2 = a[j + 32768], x3 = a[j + 49152];
            float y0 = x0 + x2, y2 = x0 - x2, y1 = x1 + x3, y3 = x1 - x3;
            a[j] = y0 + y1;
            a[j + 16384] = y0 - y1;
            a[j + 32768] = y2 + y3;
            a[j + 49152] = y2 - y3;
        }
    }

    private static void quad4096(float[] a, int from, int to) {
        for (int j = from; j < to; j++) {
            float x0 = a[j], x1 = a[j + 4096], x2 = a[j + 8192], x3 = a[j + 12288];
            float y0 = x0 + x2, y2 = x0 - x2, y1 = x1 + x3, y3 = x1 - x3;
            a[j] = y0 + y1;
            a[j + 4096] = y0 - y1;
            a[j + 8192] = y2 + y3;
            a[j + 12288] = y2 - y3;
        }
    }

    private static void quad1024(float[] a, int from, int to) {
        for (int j = from; j < to; j++) {
            float x0 = a[j], x1 = a[j + 1024], x2 = a[j + 2048], x3 = a[j + 3072];
            float y0 = x0 + x2, y2 = x0 - x2, y1 = x1 + x3, y3 = x1 - x3;
            a[j] = y0 + y1;
            a[j + 1024] = y0 - y1;
            a[j + 2048] = y2 + y3;
            a[j + 3072] = y2 - y3;
        }
    }

    private static void quad256(float[] a, int from, int to) {
        for (int j = from; j < to; j++) {
            float x0 = a[j], x1 = a[j + 256], x2 = a[j + 512], x3 = a[j + 768];
            float y0 = x0 + x2, y2 = x0 - x2, y1 = x1 + x3, y3 = x1 - x3;
            a[j] = y0 + y1;
            a[j + 256] = y0 - y1;
            a[j + 512] = y2 + y3;
            a[j + 768] = y2 - y3;
        }
    }

    /** Radix-4 butterflies between four tiles, same order as the kernels inside a tile. */
    private static void quad(float[] a0, float[] a1, float[] a2, float[] a3, int from, int to) {
        for (int j = from; j < to; j++) {
            float x0 = a0[j], x1 = a1[j], x2 = a2[j], x3 = a3[j];
            float y0 = x0 + x2, y2 = x0 - x2, y1 = x1 + x3, y3 = x1 - x3;
            a0[j] = y0 + y1;
            a1[j] = y0 - y1;
            a2[j] = y2 + y3;
            a3[j] = y2 - y3;
        }
    }

    private static void pair(float[] a0, float[] a1, int from, int to) {
        for (int j = from; j < to; j++) {
            float u = a0[j];
            float v = a1[j];
            a0[j] = u + v;
            a1[j] = u - v;
        }
    }

    /**
     * b = a transposed, both 256 x 256. Scalar: eight rows of a column per iteration, written to
     * eight consecutive values of b.
     */
    private static void transpose(float[] a, float[] b) {
        for (int r = 0; r < SIDE; r += 8) {
            int p = r * SIDE;
            for (int c = 0; c < SIDE; c++, p++) {
                int q = c * SIDE + r;
                b[q] = a[p];
                b[q + 1] = a[p + 256];
                b[q + 2] = a[p + 512];
                b[q + 3] = a[p + 768];
                b[q + 4] = a[p + 1024];
                b[q + 5] = a[p + 1280];
                b[q + 6] = a[p + 1536];
                b[q + 7] = a[p + 1792];
            }
        }
    }

    private static void multiply(float[] a, float[] factors) {
        for (int j = 0; j < a.length; j++) {
            a[j] *= factors[j];
        }
    }

    /** a[j] = source[offset + j] * factors[j] for j in [from, to). */
    private static void multiply(
            float[] a, float[] source, int offset, float[] factors, int from, int to) {
        for (int j = from; j < to; j++) {
            a[j] = source[offset + j] * factors[j];
        }
    }
}
