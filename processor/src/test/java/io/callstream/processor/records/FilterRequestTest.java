package io.callstream.processor.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;
import org.junit.jupiter.api.Test;

/** The filter requests of both generations: field names, defaults, limits, clamping. */
class FilterRequestTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final long DAY = 86_400_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldUseTheDocumentedDefaultsWhenAV4FilterIsEmpty() throws Exception {
        FilterRequest r = parse(RecordsGeneration.V4, "{}", 7 * DAY);

        assertThat(r).isEqualTo(new FilterRequest(NOW - 7 * DAY, NOW, null, null, 1, 10));
    }

    @Test
    void shouldReadV1NamesAndWordsWhenAV1FilterIsGiven() throws Exception {
        FilterRequest r = parse(RecordsGeneration.V1, "{\"startTimestamp\":1799990000,\"endTimestamp\":\"1799999999\","
                + "\"callResult\":\"not_answer\",\"callType\":\"group\",\"page\":3}", 7 * DAY);

        assertThat(r).isEqualTo(new FilterRequest(1_799_990_000_000L, 1_799_999_999_999L, CallResult.NOT_ANSWER,
                CallType.GROUP, 3, 100));
    }

    @Test
    void shouldReadV4WordsWhenAV4FilterIsGiven() throws Exception {
        FilterRequest r = parse(RecordsGeneration.V4, "{\"CallResult\":\"CallBusy\",\"CallType\":\"MultiCall\","
                + "\"NumberPerPage\":50}", 7 * DAY);

        assertThat(r.result()).isEqualTo(CallResult.CALL_BUSY);
        assertThat(r.type()).isEqualTo(CallType.GROUP);
        assertThat(r.perPage()).isEqualTo(50);
    }

    @Test
    void shouldClampTheStartToTheRetentionWhenItIsEarlier() throws Exception {
        FilterRequest r = parse(RecordsGeneration.V4, "{\"StartTime\":1000}", 30 * DAY);

        assertThat(r.fromMs()).isEqualTo(NOW - 30 * DAY);
    }

    @Test
    void shouldRefuseWithV1CodeWhenStartTimestampIsMissing() {
        assertThatThrownBy(() -> parse(RecordsGeneration.V1, "{}", 7 * DAY))
                .isInstanceOfSatisfying(RecordsApi.ApiError.class, e -> assertThat(e.code).isEqualTo(70001))
                .hasMessageContaining("startTimestamp is required");
    }

    @Test
    void shouldRefuseWhenThePageGoesDeeperThanTheLimit() {
        assertThatThrownBy(() -> parse(RecordsGeneration.V4, "{\"NumberPerPage\":100,\"Page\":101}", 7 * DAY))
                .isInstanceOfSatisfying(RecordsApi.ApiError.class, e -> assertThat(e.code).isEqualTo(100002))
                .hasMessageContaining("at most 10000");
    }

    @Test
    void shouldRefuseWhenThePageSizeIsOutOfRange() {
        assertThatThrownBy(() -> parse(RecordsGeneration.V4, "{\"NumberPerPage\":0}", 7 * DAY))
                .hasMessageContaining("NumberPerPage must be 1..100");
        assertThatThrownBy(() -> parse(RecordsGeneration.V1, "{\"startTimestamp\":1,\"numberPerPage\":101}", 7 * DAY))
                .hasMessageContaining("numberPerPage must be 1..100");
    }

    @Test
    void shouldNameTheAcceptedWordsWhenAResultIsUnknown() {
        assertThatThrownBy(() -> parse(RecordsGeneration.V4, "{\"CallResult\":\"normal_end\"}", 7 * DAY))
                .hasMessageContaining("'normal_end' is not one of NormalEnd, Cancel, Reject, NotAnswer, CallBusy, Interrupt");
    }

    @Test
    void shouldRefuseWhenTheEndIsBeforeTheStart() {
        assertThatThrownBy(() -> parse(RecordsGeneration.V4, "{\"StartTime\":1799999999,\"EndTime\":1799990000}", 7 * DAY))
                .hasMessageContaining("EndTime is before StartTime");
    }

    @Test
    void shouldRefuseWhenANumberIsNotAnInteger() {
        assertThatThrownBy(() -> parse(RecordsGeneration.V4, "{\"Page\":\"two\"}", 7 * DAY))
                .hasMessageContaining("Page must be an integer");
    }

    private static FilterRequest parse(RecordsGeneration gen, String body, long retentionMs) throws Exception {
        JsonNode node = JSON.readTree(body);
        return FilterRequest.parse(gen, node, NOW, retentionMs, 7 * DAY);
    }
}
