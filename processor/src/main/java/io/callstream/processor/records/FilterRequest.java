package io.callstream.processor.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;

/**
 * A filter request read in its generation's field names and defaults (callkit-v4-and-records.md 5.2 and 5.4):
 * v1 {@code startTimestamp} (required), {@code endTimestamp} (now), {@code callResult}, {@code callType},
 * {@code numberPerPage} (100), {@code page} (1); v4 {@code StartTime} (now − 7 d), {@code EndTime} (now),
 * {@code CallResult}, {@code CallType}, {@code NumberPerPage} (10), {@code Page} (1). Times are seconds,
 * inclusive; a start before the retention is clamped to it.
 */
record FilterRequest(long fromMs, long toMs, CallResult result, CallType type, int page, int perPage) {

    static FilterRequest parse(RecordsGeneration gen, JsonNode body, long nowMs, long retentionMs, long defaultSpanMs) {
        boolean v1 = gen == RecordsGeneration.V1;
        Long start = seconds(gen, body, v1 ? "startTimestamp" : "StartTime");
        if (start == null && v1) {
            throw new RecordsApi.ApiError(gen.invalidParameter(), "startTimestamp is required (Unix seconds)");
        }
        Long end = seconds(gen, body, v1 ? "endTimestamp" : "EndTime");
        long toMs = end == null ? nowMs : end * 1000 + 999;
        long fromMs = Math.max(start == null ? nowMs - defaultSpanMs : start * 1000, nowMs - retentionMs);
        if (end != null && start != null && end < start) {
            throw new RecordsApi.ApiError(gen.invalidParameter(), (v1 ? "endTimestamp" : "EndTime") + " is before "
                    + (v1 ? "startTimestamp" : "StartTime"));
        }
        CallResult result = null;
        String resultField = v1 ? "callResult" : "CallResult";
        if (present(body, resultField)) {
            result = gen.parseResult(body.get(resultField).asText());
            if (result == null) {
                throw new RecordsApi.ApiError(gen.invalidParameter(), resultField + " '" + body.get(resultField).asText()
                        + "' is not one of " + words(gen));
            }
        }
        CallType type = null;
        String typeField = v1 ? "callType" : "CallType";
        if (present(body, typeField)) {
            type = gen.parseCallType(body.get(typeField).asText());
            if (type == null) {
                throw new RecordsApi.ApiError(gen.invalidParameter(), typeField + " '" + body.get(typeField).asText()
                        + "' is not " + gen.callType(CallType.SINGLE) + " or " + gen.callType(CallType.GROUP));
            }
        }
        Long perPage = integer(gen, body, v1 ? "numberPerPage" : "NumberPerPage");
        Long page = integer(gen, body, v1 ? "page" : "Page");
        int per = perPage == null ? (v1 ? 100 : 10) : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, perPage));
        int pg = page == null ? 1 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, page));
        if (per < 1 || per > RecordsApi.MAX_PER_PAGE) {
            throw new RecordsApi.ApiError(gen.invalidParameter(), (v1 ? "numberPerPage" : "NumberPerPage") + " must be 1.."
                    + RecordsApi.MAX_PER_PAGE + ", got " + per);
        }
        if (pg < 1 || (long) pg * per > RecordsApi.MAX_DEPTH) {
            throw new RecordsApi.ApiError(gen.invalidParameter(), (v1 ? "page" : "Page") + " must be at least 1 and page × "
                    + "numberPerPage at most " + RecordsApi.MAX_DEPTH + " (narrow the time range instead), got " + pg);
        }
        return new FilterRequest(fromMs, toMs, result, type, pg, per);
    }

    private static String words(RecordsGeneration gen) {
        StringBuilder sb = new StringBuilder();
        for (CallResult r : CallResult.values()) {
            if (r != CallResult.UNKNOWN) {
                sb.append(sb.length() == 0 ? "" : ", ").append(gen.result(r));
            }
        }
        return sb.toString();
    }

    private static boolean present(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && !n.isNull() && !(n.isTextual() && n.asText().isEmpty());
    }

    private static Long seconds(RecordsGeneration gen, JsonNode body, String field) {
        Long v = integer(gen, body, field);
        if (v != null && (v < 0 || v > 253_402_300_799L)) {
            throw new RecordsApi.ApiError(gen.invalidParameter(), field + " must be Unix seconds, got " + v);
        }
        return v;
    }

    /** An integer field, sent as a JSON number or a string of digits; null when absent. */
    private static Long integer(RecordsGeneration gen, JsonNode body, String field) {
        if (!present(body, field)) {
            return null;
        }
        JsonNode n = body.get(field);
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isTextual() && n.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(n.asText());
        }
        throw new RecordsApi.ApiError(gen.invalidParameter(), field + " must be an integer");
    }
}
