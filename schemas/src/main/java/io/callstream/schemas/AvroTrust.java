package io.callstream.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate classes it does not trust (AVRO-4189), our own generated
 * ones included. This adds the generated classes under {@code io.callstream.} (the contract's
 * records and enums, and any module's own, e.g. a processor's state record) to Avro's trusted set,
 * once, before any decode; the serdes call it from their constructors.
 */
public final class AvroTrust {

    /** Package prefix of callstream's generated Avro classes. */
    public static final String TRUSTED_PREFIX = "io.callstream.";

    private static boolean installed;

    private AvroTrust() {
    }

    /** Trusts the generated callstream records; idempotent and thread-safe. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                (Class<?> c) -> c.getName().startsWith(TRUSTED_PREFIX)));
        installed = true;
    }
}
