package io.photonflow.flink.types;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for {@link FloatMatrix}, serialized in bulk by {@link FloatMatrixSerializer}.
 */
public final class FloatMatrixTypeInfo extends TypeInformation<FloatMatrix> {

    private static final long serialVersionUID = 1L;

    public static final FloatMatrixTypeInfo INSTANCE = new FloatMatrixTypeInfo();

    private FloatMatrixTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<FloatMatrix> getTypeClass() {
        return FloatMatrix.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FloatMatrix> createSerializer(SerializerConfig config) {
        return new FloatMatrixSerializer();
    }

    @Override
    public String toString() {
        return "FloatMatrix";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FloatMatrixTypeInfo;
    }

    @Override
    public int hashCode() {
        return FloatMatrixTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FloatMatrixTypeInfo;
    }
}
