package io.callstream.schemas.serde;

import java.util.Map;

/**
 * Serde settings, named as Confluent's serdes name them so that existing client configs carry over.
 * The registry client's own keys are in {@link io.callstream.schemas.registry.RegistryConfig}.
 *
 * @param autoRegister       {@code auto.register.schemas} (default true): register the record's schema
 *                           under {@code <topic>-value}; false means it must already be registered
 * @param useLatestVersion   {@code use.latest.version} (default false): write with the latest schema of
 *                           the subject, registered by a deploy step
 * @param specificValueType  {@code specific.avro.value.type}: the generated class a deserializer
 *                           made by Kafka (no-arg constructor) decodes to; generic records when absent
 * @param fastCoders         {@code avro.fast.coders} (default true): write and read {@code CallEvent},
 *                           {@code CallSummary}, {@code MissedCallAlert} and {@code CallParticipant} with the
 *                           hand-written {@link RecordCoders} when the schema is the compiled one (same bytes);
 *                           false: always Avro's datum writers and readers
 */
public record AvroSerdeConfig(boolean autoRegister, boolean useLatestVersion, String specificValueType,
                              boolean fastCoders) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    public static final String AVRO_FAST_CODERS = "avro.fast.coders";

    /** With the fast coders on (the default). */
    public AvroSerdeConfig(boolean autoRegister, boolean useLatestVersion, String specificValueType) {
        this(autoRegister, useLatestVersion, specificValueType, true);
    }

    public static AvroSerdeConfig from(Map<String, ?> props) {
        return new AvroSerdeConfig(
                bool(props, AUTO_REGISTER_SCHEMAS, true),
                bool(props, USE_LATEST_VERSION, false),
                props.get(SPECIFIC_AVRO_VALUE_TYPE) == null ? null : props.get(SPECIFIC_AVRO_VALUE_TYPE).toString(),
                bool(props, AVRO_FAST_CODERS, true));
    }

    private static boolean bool(Map<String, ?> props, String key, boolean dflt) {
        Object v = props.get(key);
        if (v == null) {
            return dflt;
        }
        String s = v.toString().trim();
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(s);
    }
}
