package io.callstream.deploy.tail;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    @Test
    void shouldRenderTheDecodedValueAsJsonWhenPrintingARecord() {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"A\",\"fields\":["
                + "{\"name\":\"callId\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"long\"}]}");
        GenericRecord r = new GenericData.Record(schema);
        r.put("callId", "c-\"1\"");
        r.put("n", 5L);

        assertThat(RecordJson.line("call-summaries", 2, 7, "c-\"1\"", r)).isEqualTo(
                "{\"topic\":\"call-summaries\",\"partition\":2,\"offset\":7,\"key\":\"c-\\\"1\\\"\","
                        + "\"value\":{\"callId\": \"c-\\\"1\\\"\", \"n\": 5}}");
    }

    @Test
    void shouldPrintNullsWhenKeyAndValueAreAbsent() {
        assertThat(RecordJson.line("t", 0, 1, null, null))
                .isEqualTo("{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"key\":null,\"value\":null}");
    }

    @Test
    void shouldPrintAnErrorLineWhenARecordCannotBeDecoded() {
        assertThat(RecordJson.error("t", 0, 3, "bad magic byte"))
                .isEqualTo("{\"topic\":\"t\",\"partition\":0,\"offset\":3,\"error\":\"bad magic byte\"}");
    }
}
