package io.callstream.deploy.traffic;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.schemas.AvroTrust;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Work-around until {@code io.callstream.schemas.AvroTrust} lists the generated enums too: Avro
 * 1.12.2's class check (AVRO-4189) also refuses {@code CallType} etc. when a record written with
 * the registry's schema is resolved into the generated classes. Idempotent.
 */
public final class AvroEnumTrust {

    private static boolean installed;

    private AvroEnumTrust() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        AvroTrust.install();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(CallEventType.class).add(CallOutcome.class).add(CallRole.class).add(CallType.class)
                        .add(ClosedBy.class).add(MediaType.class).add(MissedReason.class).add(ParticipantOutcome.class)
                        .build()));
        installed = true;
    }
}
