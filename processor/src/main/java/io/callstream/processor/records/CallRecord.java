package io.callstream.processor.records;

import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.avro.Participant;
import io.callstream.schemas.CallResults;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One call as the call-records API answers it: the latest {@link CallSummary} of a call reduced to
 * what either record generation shows (callkit-v4-and-records.md section 5), in a generation-neutral
 * form. Stored in {@value RecordsTopology#RECORDS_STORE} by {@link CallRecordSerde}.
 *
 * @param members  every participant, the caller first (Tencent's {@code CalleeList_Account} fills it so)
 * @param acceptMs 0 when nobody answered
 * @param result   the call's result in Tencent's terms ({@link #resultOf}); UNKNOWN when not known
 */
public record CallRecord(long sdkAppId, String callId, String roomId, CallType callType, MediaType mediaType,
                         String callerId, CallResult result, List<String> members, long startMs, long acceptMs,
                         long endMs, int revision) {

    public CallRecord {
        roomId = roomId == null ? "" : roomId;
        callerId = callerId == null ? "" : callerId;
        members = List.copyOf(members);
    }

    public static CallRecord of(CallSummary s) {
        Set<String> members = new LinkedHashSet<>();
        if (s.getCallerId() != null) {
            members.add(s.getCallerId());
        }
        for (Participant p : s.getParticipants()) {
            if (p.getRole() != CallRole.CALLER) {
                members.add(p.getUserId());
            }
        }
        CallType type = s.getCallType();
        if (type == CallType.UNKNOWN) {
            type = members.size() > 2 ? CallType.GROUP : CallType.SINGLE;
        }
        return new CallRecord(s.getSdkAppId(), s.getCallId(), s.getRoomId(), type, s.getMediaType(), s.getCallerId(),
                CallResults.of(s.getOutcome(), s.getAnsweredAt() != null), new ArrayList<>(members),
                s.getStartedAt().toEpochMilli(), s.getAnsweredAt() == null ? 0 : s.getAnsweredAt().toEpochMilli(),
                s.getEndedAt().toEpochMilli(), s.getRevision());
    }

    /** The members other than the caller (v1 {@code callees}). */
    public List<String> callees() {
        return members.stream().filter(m -> !m.equals(callerId)).toList();
    }
}
