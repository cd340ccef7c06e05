package io.callstream.processor.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A record in each generation's fields and spellings (callkit-v4-and-records.md 5.1 and 2.2), and the result mapping. */
class RecordsGenerationTest {

    private static final CallRecord GROUP = new CallRecord(1400000001L, "c1", "roomid-1434", CallType.GROUP,
            MediaType.VIDEO, "alice", CallResult.NORMAL_END, List.of("alice", "bob", "carol"), 1_739_960_242_123L,
            1_739_960_244_000L, 1_739_960_245_999L, 2);

    @Test
    void shouldWriteTheEndCallRecordFieldsWhenV4() {
        assertThat(RecordsGeneration.V4.record(GROUP).toString()).isEqualTo("{\"CallId\":\"c1\",\"Caller_Account\":\"alice\","
                + "\"MediaType\":\"Video\",\"CallType\":\"MultiCall\",\"StartTime\":1739960242,\"EndTime\":1739960245,"
                + "\"AcceptTime\":1739960244,\"CallResult\":\"NormalEnd\",\"CalleeList_Account\":[\"alice\",\"bob\",\"carol\"],"
                + "\"RoomId\":\"roomid-1434\",\"RoomIdType\":2}");
    }

    @Test
    void shouldWriteTheV1RecordFieldsWhenV1() {
        assertThat(RecordsGeneration.V1.record(GROUP).toString()).isEqualTo("{\"callId\":\"c1\",\"sdkAppId\":1400000001,"
                + "\"mediaType\":\"video\",\"roomId\":\"roomid-1434\",\"startCallTs\":1739960242,\"acceptTs\":1739960244,"
                + "\"endTs\":1739960245,\"caller\":\"alice\",\"totalUserNumber\":3,\"callType\":\"group\","
                + "\"callResult\":\"normal_end\",\"callees\":[\"bob\",\"carol\"]}");
    }

    @Test
    void shouldReadEachGenerationsOwnWordsWhenParsingFilters() {
        for (CallResult r : CallResult.values()) {
            if (r != CallResult.UNKNOWN) {
                assertThat(RecordsGeneration.V1.parseResult(RecordsGeneration.V1.result(r))).isEqualTo(r);
                assertThat(RecordsGeneration.V4.parseResult(RecordsGeneration.V4.result(r))).isEqualTo(r);
            }
        }
        assertThat(RecordsGeneration.V4.parseResult("not_answer")).isNull();
        assertThat(RecordsGeneration.V1.parseCallType("single")).isEqualTo(CallType.SINGLE);
        assertThat(RecordsGeneration.V4.parseCallType("SingleCall")).isEqualTo(CallType.SINGLE);
        assertThat(RecordsGeneration.V4.parseCallType("single")).isNull();
    }
}
