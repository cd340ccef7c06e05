package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ParticipantState;
import io.callstream.schemas.AvroTrust;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 (AVRO-4189) refuses to instantiate classes it does not trust, enums included; the
 * shared {@link AvroTrust} covers the contract's records but not its enums, so decoding a
 * {@code CallEvent} (which holds enums) fails. This trusts every class the processor decodes.
 */
public final class TrustedAvroClasses {

    private static boolean installed;

    private TrustedAvroClasses() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        AvroTrust.install();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(CallEvent.class).add(CallSummary.class).add(MissedCallAlert.class).add(Participant.class)
                        .add(CallEventType.class).add(CallOutcome.class).add(CallRole.class).add(CallType.class)
                        .add(ClosedBy.class).add(MediaType.class).add(MissedReason.class).add(ParticipantOutcome.class)
                        .add(CallSession.class).add(ParticipantState.class)
                        .build()));
        installed = true;
    }
}
