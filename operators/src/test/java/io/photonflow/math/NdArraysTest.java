package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NdArraysTest {

    private static final float[] SIX = {1f, 2f, 3f, 4f, 5f, 6f};

    @Test
    void bytesAreTheArraysOwnMemory() {
        INDArray matrix = NdArrays.matrix(SIX, 2, 3);
        ByteBuffer bytes = NdArrays.bytes(matrix);
        assertThat(bytes.limit()).isEqualTo(24);
        assertThat(bytes.getFloat(20)).isEqualTo(6f);
        bytes.putFloat(4, 20f);
        assertThat(matrix.getFloat(0, 1)).isEqualTo(20f);
    }

    @Test
    void bytesOfARowViewStartAtTheRow() {
        INDArray matrix = NdArrays.matrix(SIX, 2, 3);
        INDArray secondRow = matrix.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all());
        ByteBuffer bytes = NdArrays.bytes(secondRow);
        assertThat(bytes.limit()).isEqualTo(12);
        assertThat(bytes.getFloat(0)).isEqualTo(4f);
        assertThat(bytes.getFloat(8)).isEqualTo(6f);
    }

    @Test
    void bytesOfAnArrayInAStepWorkspace() {
        float first =
                Workspaces.step(
                        "ndarrays-test",
                        () -> {
                            NdArrays.matrix(new float[] {9f, 9f}, 1, 2);
                            return NdArrays.bytes(NdArrays.matrix(SIX, 2, 3)).getFloat(0);
                        });
        assertThat(first).isEqualTo(1f);
    }

    @Test
    void aColumnViewIsRefused() {
        INDArray column = NdArrays.matrix(SIX, 2, 3).getColumn(1);
        assertThatThrownBy(() -> NdArrays.bytes(column))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("side by side");
    }

    @Test
    void columnSumsOfADenseMatrixAndOfAView() {
        INDArray matrix = NdArrays.matrix(SIX, 2, 3);
        assertThat(NdArrays.toFloats(NdArrays.columnSums(matrix))).containsExactly(5f, 7f, 9f);
        INDArray lastTwo = matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        assertThat(NdArrays.toFloats(NdArrays.columnSums(lastTwo))).containsExactly(7f, 9f);
    }

    @Test
    void productIsNd4jsGemmToTheBit() {
        Nd4j.getRandom().setSeed(7);
        INDArray a = Nd4j.rand(DataType.FLOAT, 9, 13);
        INDArray b = Nd4j.rand(DataType.FLOAT, 13, 5);
        INDArray c = Nd4j.rand(DataType.FLOAT, 9, 5);
        assertThat(NdArrays.toFloats(NdArrays.product(a, b, false, false)))
                .containsExactly(NdArrays.toFloats(Nd4j.gemm(a, b, false, false)));
        assertThat(NdArrays.toFloats(NdArrays.product(a, c, true, false)))
                .containsExactly(NdArrays.toFloats(Nd4j.gemm(a, c, true, false)));
        assertThat(NdArrays.toFloats(NdArrays.product(c, b, false, true)))
                .containsExactly(NdArrays.toFloats(Nd4j.gemm(c, b, false, true)));
        assertThat(NdArrays.product(a, c, true, false).shape()).containsExactly(13, 5);
    }

    @Test
    void columnBlockCopiesTheColumnsOfEveryRow() {
        INDArray block = NdArrays.columnBlock(NdArrays.matrix(SIX, 2, 3), 1, 3);
        assertThat(block.shape()).containsExactly(2, 2);
        assertThat(NdArrays.toFloats(block)).containsExactly(2f, 3f, 5f, 6f);
        assertThatThrownBy(() -> NdArrays.columnBlock(NdArrays.matrix(SIX, 2, 3), 2, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("columns [2, 4) of a matrix of 3 columns");
    }

    @Test
    void copyOverwritesAnArrayOfTheSameShape() {
        INDArray target = NdArrays.matrix(new float[6], 2, 3);
        NdArrays.copy(NdArrays.matrix(SIX, 2, 3), target);
        assertThat(NdArrays.toFloats(target)).containsExactly(SIX);
        assertThatThrownBy(() -> NdArrays.copy(NdArrays.matrix(SIX, 3, 2), target))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allFiniteSeesNaNAndInfinity() {
        assertThat(NdArrays.allFinite(NdArrays.vector(SIX))).isTrue();
        assertThat(NdArrays.allFinite(NdArrays.vector(new float[] {1f, Float.NaN}))).isFalse();
        assertThat(NdArrays.allFinite(NdArrays.vector(new float[] {Float.NEGATIVE_INFINITY})))
                .isFalse();
    }
}
