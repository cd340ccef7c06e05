package io.callstream.callbacks;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.schemas.AvroTrust;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Adds the enums of {@code CallEvent} to Avro 1.12.2's trusted classes: {@link AvroTrust} trusts the
 * records only, and copying or decoding a CallEvent instantiates its enums too (AVRO-4189).
 * Workaround until {@code AvroTrust} lists them.
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
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder().add(CallRole.class).add(CallEventType.class).add(CallType.class)
                        .add(MediaType.class).build()));
        installed = true;
    }
}
