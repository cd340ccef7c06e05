package io.callstream.schemas;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.Participant;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate classes it does not trust (AVRO-4189), our own generated
 * ones included. This adds the {@code io.callstream.avro} records to Avro's trusted set, once,
 * before any decode; the serdes call it from their constructors.
 */
public final class AvroTrust {

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
                ClassSecurityValidator.builder()
                        .add(CallEvent.class)
                        .add(CallSummary.class)
                        .add(MissedCallAlert.class)
                        .add(Participant.class)
                        .build()));
        installed = true;
    }
}
