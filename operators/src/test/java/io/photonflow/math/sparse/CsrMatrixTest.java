package io.photonflow.math.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.NdArrays;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CsrMatrixTest {

    private static final float TOLERANCE = 1e-5f;

    @Test
    void productsMatchDenseProductsOnRandomMatrices() {
        for (long seed = 0; seed < 5; seed++) {
            CsrMatrix sparse = randomSparse(7, 5, 0.4, seed);
            INDArray dense = sparse.toDense();
            INDArray right = randomDense(5, 3, seed + 100);
            INDArray left = randomDense(7, 4, seed + 200);

            assertClose(sparse.times(right), dense.mmul(right));
            assertClose(sparse.transposeTimes(left), dense.transpose().mmul(left));
        }
    }

    @Test
    void productsAreBitIdenticalFromRunToRun() {
        CsrMatrix sparse = randomSparse(40, 30, 0.3, 1);
        INDArray right = randomDense(30, 8, 2);
        INDArray left = randomDense(40, 8, 3);

        assertThat(NdArrays.toFloats(sparse.times(right)))
                .containsExactly(NdArrays.toFloats(sparse.times(right.dup())));
        assertThat(NdArrays.toFloats(sparse.transposeTimes(left)))
                .containsExactly(NdArrays.toFloats(sparse.transposeTimes(left.dup())));
    }

    @Test
    void emptyRowsGiveZeroRows() {
        CsrMatrix sparse =
                new CsrMatrix(3, 2, new int[] {0, 1, 1, 2}, new int[] {1, 0}, new float[] {2f, 3f});
        INDArray right = NdArrays.matrix(new float[] {1f, 2f, 3f, 4f}, 2, 2);

        assertThat(NdArrays.toFloats(sparse.times(right))).containsExactly(6f, 8f, 0f, 0f, 3f, 6f);
    }

    @Test
    void normalizedAdjacencyMatchesTheDenseFormula() {
        int nodes = 5;
        int[][] edges = {{0, 1}, {2, 1}, {1, 3}, {3, 0}};
        float[] a = new float[nodes * nodes];
        for (int i = 0; i < nodes; i++) {
            a[i * nodes + i] = 1f;
        }
        for (int[] edge : edges) {
            a[edge[0] * nodes + edge[1]] = 1f;
            a[edge[1] * nodes + edge[0]] = 1f;
        }
        float[] expected = new float[nodes * nodes];
        for (int i = 0; i < nodes; i++) {
            for (int j = 0; j < nodes; j++) {
                double degrees = degree(a, nodes, i) * degree(a, nodes, j);
                expected[i * nodes + j] = (float) (a[i * nodes + j] / Math.sqrt(degrees));
            }
        }

        CsrMatrix normalized = CsrMatrix.normalizedAdjacency(nodes, edges);

        assertThat(normalized.nonZeros()).isEqualTo(nodes + 2 * edges.length);
        assertThat(NdArrays.toFloats(normalized.toDense())).containsExactly(expected);
        // Node 4 is isolated: its only entry is its self loop, 1 / sqrt(1 * 1).
        assertThat(normalized.toDense().getFloat(4, 4)).isEqualTo(1f);
    }

    @Test
    void normalizedAdjacencyRejectsSelfLoopsRepeatsAndUnknownNodes() {
        assertThatThrownBy(() -> CsrMatrix.normalizedAdjacency(3, new int[][] {{1, 1}}))
                .hasMessageContaining("self loop on node 1");
        assertThatThrownBy(() -> CsrMatrix.normalizedAdjacency(3, new int[][] {{0, 1}, {1, 0}}))
                .hasMessageContaining("edge 0-1 appears more than once");
        assertThatThrownBy(() -> CsrMatrix.normalizedAdjacency(3, new int[][] {{0, 3}}))
                .hasMessageContaining("names node 3, outside 0..2");
    }

    @Test
    void withEntriesScaledKeepsThePatternAndScalesInStorageOrder() {
        CsrMatrix sparse =
                new CsrMatrix(
                        2, 3, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new float[] {1f, 2f, 3f});

        CsrMatrix scaled = sparse.withEntriesScaled(new float[] {0f, 2f, -1f});

        assertThat(scaled.nonZeros()).isEqualTo(3);
        assertThat(NdArrays.toFloats(scaled.toDense())).containsExactly(0f, 0f, 4f, 0f, -3f, 0f);
        assertThat(NdArrays.toFloats(sparse.toDense())).containsExactly(1f, 0f, 2f, 0f, 3f, 0f);
        assertThatThrownBy(() -> sparse.withEntriesScaled(new float[2]))
                .hasMessageContaining("one factor per stored entry (3), got 2");
    }

    @Test
    void rowNormalizedRowsSumToOneAndEmptyRowsStayEmpty() {
        CsrMatrix sparse =
                new CsrMatrix(
                        3,
                        3,
                        new int[] {0, 2, 2, 3},
                        new int[] {0, 2, 1},
                        new float[] {1f, 3f, 2f});

        assertThat(NdArrays.toFloats(sparse.rowNormalized().toDense()))
                .containsExactly(0.25f, 0f, 0.75f, 0f, 0f, 0f, 0f, 1f, 0f);
    }

    @Test
    void constructorCopiesItsArrays() {
        int[] pointers = {0, 1};
        int[] columns = {0};
        float[] values = {5f};
        CsrMatrix sparse = new CsrMatrix(1, 1, pointers, columns, values);

        values[0] = 7f;
        columns[0] = 9;

        assertThat(sparse.toDense().getFloat(0, 0)).isEqualTo(5f);
    }

    @Test
    void constructorRejectsInconsistentStructure() {
        assertThatThrownBy(() -> new CsrMatrix(2, 2, new int[] {0, 1}, new int[1], new float[1]))
                .hasMessageContaining("needs 3 row pointers from 0 to 1, got 2 pointers");
        assertThatThrownBy(() -> new CsrMatrix(2, 2, new int[] {0, 2, 3}, new int[2], new float[2]))
                .hasMessageContaining(
                        "needs 3 row pointers from 0 to 2, got 3 pointers from 0 to 3");
        assertThatThrownBy(() -> new CsrMatrix(2, 2, new int[] {0, 2, 1}, new int[1], new float[1]))
                .hasMessageContaining("row pointers decrease at row 1: 2 then 1");
        assertThatThrownBy(() -> new CsrMatrix(1, 2, new int[] {0, 1}, new int[] {2}, new float[1]))
                .hasMessageContaining("row 0 has column 2, outside 0..1");
        assertThatThrownBy(
                        () -> new CsrMatrix(1, 3, new int[] {0, 2}, new int[] {1, 1}, new float[2]))
                .hasMessageContaining("columns must increase strictly, got 1 then 1");
        assertThatThrownBy(() -> new CsrMatrix(1, 3, new int[] {0, 1}, new int[] {1}, new float[2]))
                .hasMessageContaining("1 column indices but 2 values");
    }

    @Test
    void shapeErrorsPrintTheShapes() {
        CsrMatrix sparse = randomSparse(4, 3, 0.5, 1);

        assertThatThrownBy(() -> sparse.times(randomDense(4, 2, 2)))
                .hasMessageContaining("4x3 sparse matrix needs a dense operand with 3 rows")
                .hasMessageContaining("[4, 2]");
        assertThatThrownBy(() -> sparse.transposeTimes(randomDense(3, 2, 2)))
                .hasMessageContaining("with 4 rows")
                .hasMessageContaining("[3, 2]");
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        CsrMatrix sparse = randomSparse(6, 4, 0.5, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sparse);
        }
        CsrMatrix copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (CsrMatrix) in.readObject();
        }

        assertThat(NdArrays.toFloats(copy.toDense()))
                .containsExactly(NdArrays.toFloats(sparse.toDense()));
    }

    private static double degree(float[] a, int nodes, int row) {
        double sum = 0;
        for (int j = 0; j < nodes; j++) {
            sum += a[row * nodes + j];
        }
        return sum;
    }

    private static void assertClose(INDArray actual, INDArray expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        float[] a = NdArrays.toFloats(actual);
        float[] e = NdArrays.toFloats(expected);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("entry %d", i).isCloseTo(e[i], within(TOLERANCE));
        }
    }

    /** A random sparse matrix with each entry present with probability {@code density}. */
    static CsrMatrix randomSparse(int rows, int columns, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] pointers = new int[rows + 1];
        List<Integer> indices = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (random.nextDouble() < density) {
                    indices.add(c);
                    values.add((float) random.nextGaussian());
                }
            }
            pointers[r + 1] = indices.size();
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new CsrMatrix(
                rows, columns, pointers, indices.stream().mapToInt(Integer::intValue).toArray(), v);
    }

    static INDArray randomDense(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return NdArrays.matrix(values, rows, columns);
    }
}
