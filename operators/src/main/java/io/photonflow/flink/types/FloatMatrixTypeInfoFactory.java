package io.photonflow.flink.types;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Makes Flink's type extraction use {@link FloatMatrixTypeInfo} wherever a FloatMatrix appears. */
public final class FloatMatrixTypeInfoFactory extends TypeInfoFactory<FloatMatrix> {

    @Override
    public TypeInformation<FloatMatrix> createTypeInfo(
            Type type, Map<String, TypeInformation<?>> genericParameters) {
        return FloatMatrixTypeInfo.INSTANCE;
    }
}
