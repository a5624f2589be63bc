package io.photonflow.math.sparse;

import io.photonflow.math.NdArrays;
import io.photonflow.math.kernels.Kernels;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable sparse float matrix in compressed sparse row form: row r holds the entries {@code
 * rowPointers[r] .. rowPointers[r + 1] - 1} of {@code columnIndices} and {@code values}, with
 * strictly increasing column indices. Explicit zeros may be stored.
 *
 * <p>Products are plain loops over float arrays (ND4J's sparse support is not usable in the version
 * we run): each output entry sums its terms in the order of the stored entries, row by row, so
 * results are bit for bit the same on every run and every machine.
 */
public final class CsrMatrix implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int columns;
    private final int[] rowPointers;
    private final int[] columnIndices;
    private final float[] values;

    /**
     * A matrix from its CSR arrays, which are copied.
     *
     * @param rowPointers rows + 1 non-decreasing offsets, from 0 to the number of entries
     * @param columnIndices the column of every entry, strictly increasing within a row
     * @param values the value of every entry
     */
    public CsrMatrix(
            int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values) {
        this(rows, columns, rowPointers.clone(), columnIndices.clone(), values.clone(), true);
    }

    private CsrMatrix(
            int rows,
            int columns,
            int[] rowPointers,
            int[] columnIndices,
            float[] values,
            boolean check) {
        if (check) {
            checkStructure(rows, columns, rowPointers, columnIndices, values);
        }
        this.rows = rows;
        this.columns = columns;
        this.rowPointers = rowPointers;
        this.columnIndices = columnIndices;
        this.values = values;
    }

    /**
     * The symmetrically normalized adjacency matrix with self loops of an undirected graph, Â =
     * D^-1/2 (A + I) D^-1/2 with D the degree matrix of A + I (Kipf and Welling 2017): entry (i, j)
     * is 1 / sqrt(d_i d_j) for every edge and every i = j, where d_i is 1 + the neighbours of i.
     *
     * @param edges pairs {u, v}, each undirected edge once in either orientation; self loops and
     *     repeated edges are rejected, since either would silently change a degree
     */
    public static CsrMatrix normalizedAdjacency(int nodes, int[][] edges) {
        int[] degree = new int[nodes];
        Arrays.fill(degree, 1);
        for (int[] edge : edges) {
            checkEdge(nodes, edge);
            degree[edge[0]]++;
            degree[edge[1]]++;
        }
        int[] pointers = new int[nodes + 1];
        for (int i = 0; i < nodes; i++) {
            pointers[i + 1] = pointers[i] + degree[i];
        }
        int[] columns = new int[pointers[nodes]];
        int[] fill = Arrays.copyOf(pointers, nodes);
        for (int i = 0; i < nodes; i++) {
            columns[fill[i]++] = i;
        }
        for (int[] edge : edges) {
            columns[fill[edge[0]]++] = edge[1];
            columns[fill[edge[1]]++] = edge[0];
        }
        float[] values = new float[columns.length];
        for (int i = 0; i < nodes; i++) {
            Arrays.sort(columns, pointers[i], pointers[i + 1]);
            for (int k = pointers[i]; k < pointers[i + 1]; k++) {
                if (k > pointers[i] && columns[k] == columns[k - 1]) {
                    throw new IllegalArgumentException(
                            "edge " + i + "-" + columns[k] + " appears more than once");
                }
                values[k] = (float) (1.0 / Math.sqrt((double) degree[i] * degree[columns[k]]));
            }
        }
        return new CsrMatrix(nodes, nodes, pointers, columns, values, false);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Number of stored entries. */
    public int nonZeros() {
        return values.length;
    }

    /** This matrix times {@code dense} (columns x k), as a new rows x k array. */
    public INDArray times(INDArray dense) {
        checkRows(dense, columns, "times");
        int width = dense.columns();
        float[] right = NdArrays.toFloats(dense);
        float[] out = new float[rows * width];
        Kernels kernels = Kernels.best();
        for (int r = 0; r < rows; r++) {
            int outRow = r * width;
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                kernels.addScaledRow(
                        values[k], right, columnIndices[k] * width, out, outRow, width);
            }
        }
        return NdArrays.matrix(out, rows, width);
    }

    /**
     * The transpose of this matrix times {@code dense} (rows x k), as a new columns x k array,
     * without forming the transpose: entry (r, c) adds its row r of {@code dense} to output row c.
     */
    public INDArray transposeTimes(INDArray dense) {
        checkRows(dense, rows, "transposeTimes");
        int width = dense.columns();
        float[] right = NdArrays.toFloats(dense);
        float[] out = new float[columns * width];
        Kernels kernels = Kernels.best();
        for (int r = 0; r < rows; r++) {
            int rightRow = r * width;
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                kernels.addScaledRow(
                        values[k], right, rightRow, out, columnIndices[k] * width, width);
            }
        }
        return NdArrays.matrix(out, columns, width);
    }

    /**
     * The same sparsity pattern with every stored entry multiplied by its factor (in storage order:
     * row by row, by increasing column); how dropout masks the non-zeros of a sparse input.
     */
    public CsrMatrix withEntriesScaled(float[] factors) {
        if (factors.length != values.length) {
            throw new IllegalArgumentException(
                    "need one factor per stored entry ("
                            + values.length
                            + "), got "
                            + factors.length);
        }
        float[] scaled = new float[values.length];
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] = values[k] * factors[k];
        }
        return new CsrMatrix(rows, columns, rowPointers, columnIndices, scaled, false);
    }

    /**
     * Every row divided by the sum of its entries, so that it sums to 1; rows that sum to 0 stay as
     * they are. Kipf and Welling's preprocessing of bag-of-words node features.
     */
    public CsrMatrix rowNormalized() {
        float[] normalized = new float[values.length];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                sum += values[k];
            }
            double scale = sum == 0 ? 1 : 1 / sum;
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                normalized[k] = (float) (values[k] * scale);
            }
        }
        return new CsrMatrix(rows, columns, rowPointers, columnIndices, normalized, false);
    }

    /** The matrix as a new dense rows x columns array (for tests and small matrices). */
    public INDArray toDense() {
        float[] dense = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                dense[r * columns + columnIndices[k]] = values[k];
            }
        }
        return NdArrays.matrix(dense, rows, columns);
    }

    private void checkRows(INDArray dense, int expected, String operation) {
        if (dense.rank() != 2 || dense.rows() != expected) {
            throw new IllegalArgumentException(
                    operation
                            + ": a "
                            + rows
                            + "x"
                            + columns
                            + " sparse matrix needs a dense "
                            + "operand with "
                            + expected
                            + " rows, got shape "
                            + Arrays.toString(dense.shape()));
        }
    }

    private static void checkEdge(int nodes, int[] edge) {
        if (edge.length != 2) {
            throw new IllegalArgumentException(
                    "an edge is a pair of nodes, got " + Arrays.toString(edge));
        }
        for (int node : edge) {
            if (node < 0 || node >= nodes) {
                throw new IllegalArgumentException(
                        "edge "
                                + edge[0]
                                + "-"
                                + edge[1]
                                + " names node "
                                + node
                                + ", outside 0.."
                                + (nodes - 1));
            }
        }
        if (edge[0] == edge[1]) {
            throw new IllegalArgumentException(
                    "self loop on node " + edge[0] + ": the normalization adds self loops itself");
        }
    }

    private static void checkStructure(
            int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("a matrix cannot be " + rows + "x" + columns);
        }
        if (columnIndices.length != values.length) {
            throw new IllegalArgumentException(
                    columnIndices.length + " column indices but " + values.length + " values");
        }
        if (rowPointers.length != rows + 1
                || rowPointers[0] != 0
                || rowPointers[rows] != values.length) {
            throw new IllegalArgumentException(
                    "a "
                            + rows
                            + "x"
                            + columns
                            + " CSR matrix of "
                            + values.length
                            + " entries needs "
                            + (rows + 1)
                            + " row pointers from 0 to "
                            + values.length
                            + ", got "
                            + rowPointers.length
                            + " pointers"
                            + (rowPointers.length == 0
                                    ? ""
                                    : " from "
                                            + rowPointers[0]
                                            + " to "
                                            + rowPointers[rowPointers.length - 1]));
        }
        // Pointers first: once they are known to rise from 0 to the entry count, every row's
        // range lies inside the arrays.
        for (int r = 0; r < rows; r++) {
            if (rowPointers[r + 1] < rowPointers[r]) {
                throw new IllegalArgumentException(
                        "row pointers decrease at row "
                                + r
                                + ": "
                                + rowPointers[r]
                                + " then "
                                + rowPointers[r + 1]);
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++) {
                int column = columnIndices[k];
                if (column < 0 || column >= columns) {
                    throw new IllegalArgumentException(
                            "row " + r + " has column " + column + ", outside 0.." + (columns - 1));
                }
                if (k > rowPointers[r] && column <= columnIndices[k - 1]) {
                    throw new IllegalArgumentException(
                            "row "
                                    + r
                                    + ": columns must increase strictly, got "
                                    + columnIndices[k - 1]
                                    + " then "
                                    + column);
                }
            }
        }
    }
}
