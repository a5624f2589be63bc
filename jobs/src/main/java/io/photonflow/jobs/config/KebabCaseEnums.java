package io.photonflow.jobs.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Locale;

/**
 * Enum values in configuration files are written like the keys, in kebab-case ({@code per-layer}
 * for {@code PER_LAYER}). Jackson can ignore case but has no naming strategy for enum values, and
 * annotating every enum would spread the file format into the model classes, so this module reads
 * every enum the configuration binds.
 */
final class KebabCaseEnums {

    private KebabCaseEnums() {}

    /** A Jackson module that reads every enum from its kebab-case (or constant) name. */
    static Module module() {
        return new SimpleModule("kebab-case-enums")
                .setDeserializerModifier(
                        new BeanDeserializerModifier() {
                            @Override
                            public JsonDeserializer<?> modifyEnumDeserializer(
                                    DeserializationConfig config,
                                    JavaType type,
                                    BeanDescription description,
                                    JsonDeserializer<?> deserializer) {
                                return new Reader(type.getRawClass());
                            }
                        });
    }

    /** The name of {@code constant} as a configuration file writes it. */
    static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static final class Reader extends StdScalarDeserializer<Enum<?>> {

        private final Class<?> type;

        Reader(Class<?> type) {
            super(type);
            this.type = type;
        }

        @Override
        public Enum<?> deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            String text = parser.getValueAsString();
            if (text != null) {
                String wanted = text.trim().replace('-', '_');
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
                        return (Enum<?>) constant;
                    }
                }
            }
            return (Enum<?>) context.handleWeirdStringValue(type, text, "not one of the values");
        }
    }
}
