package io.crmpulse.job.model;

import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Flink's type extractor treats a {@link LocalDate} field of a POJO as a generic type, which Kryo
 * would serialize (and which fails on Java 17 without {@code --add-opens}); this factory gives it
 * Flink's own date serializer. Put {@code @TypeInfo(LocalDateTypeInfoFactory.class)} on the field.
 */
public class LocalDateTypeInfoFactory extends TypeInfoFactory<LocalDate> {

    @Override
    public TypeInformation<LocalDate> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return Types.LOCAL_DATE;
    }
}
