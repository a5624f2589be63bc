package io.photonflow.flink.types;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link FloatMatrix} as its two dimensions followed by the raw little-endian floats,
 * moved in blocks through a reusable buffer. Flink's own float-array serializer writes one float
 * per call, which costs several times more on the megabyte-sized activations of a minibatch.
 *
 * <p>A matrix is immutable once emitted (see {@link FloatMatrix}), and says so: a copy is the
 * matrix itself. Flink copies state synchronously at every checkpoint (operator list state is
 * deep-copied before it is written), and the megabytes of weights, moments and buffered activations
 * cloned there stalled the training steps behind the barrier for hundreds of milliseconds.
 *
 * <p>Not thread-safe (the block buffer is per instance), hence {@link #duplicate()} returns a new
 * instance, as Flink requires of stateful serializers.
 */
public final class FloatMatrixSerializer extends TypeSerializer<FloatMatrix> {

    private static final long serialVersionUID = 1L;

    private static final int BLOCK_FLOATS = 16 * 1024;

    private transient ByteBuffer block;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<FloatMatrix> duplicate() {
        return new FloatMatrixSerializer();
    }

    @Override
    public FloatMatrix createInstance() {
        return new FloatMatrix(0, 0, new float[0]);
    }

    @Override
    public FloatMatrix copy(FloatMatrix from) {
        return from;
    }

    @Override
    public FloatMatrix copy(FloatMatrix from, FloatMatrix reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FloatMatrix matrix, DataOutputView target) throws IOException {
        target.writeInt(matrix.rows());
        target.writeInt(matrix.cols());
        float[] data = matrix.data();
        ByteBuffer buffer = block();
        for (int start = 0; start < data.length; start += BLOCK_FLOATS) {
            int count = Math.min(BLOCK_FLOATS, data.length - start);
            buffer.clear();
            buffer.asFloatBuffer().put(data, start, count);
            target.write(buffer.array(), 0, count * Float.BYTES);
        }
    }

    @Override
    public FloatMatrix deserialize(DataInputView source) throws IOException {
        int rows = source.readInt();
        int cols = source.readInt();
        float[] data = new float[Math.multiplyExact(rows, cols)];
        ByteBuffer buffer = block();
        for (int start = 0; start < data.length; start += BLOCK_FLOATS) {
            int count = Math.min(BLOCK_FLOATS, data.length - start);
            source.readFully(buffer.array(), 0, count * Float.BYTES);
            buffer.clear();
            buffer.asFloatBuffer().get(data, start, count);
        }
        return new FloatMatrix(rows, cols, data);
    }

    @Override
    public FloatMatrix deserialize(FloatMatrix reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int rows = source.readInt();
        int cols = source.readInt();
        target.writeInt(rows);
        target.writeInt(cols);
        target.write(source, Math.multiplyExact(Math.multiplyExact(rows, cols), Float.BYTES));
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FloatMatrixSerializer;
    }

    @Override
    public int hashCode() {
        return FloatMatrixSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FloatMatrix> snapshotConfiguration() {
        return new FloatMatrixSerializerSnapshot();
    }

    private ByteBuffer block() {
        if (block == null) {
            block = ByteBuffer.allocate(BLOCK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        return block;
    }

    /** Snapshot for savepoint compatibility: the format has no parameters to record. */
    public static final class FloatMatrixSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<FloatMatrix> {

        public FloatMatrixSerializerSnapshot() {
            super(FloatMatrixSerializer::new);
        }
    }
}
