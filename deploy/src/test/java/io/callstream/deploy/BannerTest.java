package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BannerTest {

    private final StackConfig config = StackConfig.from(Settings.load(StackConfig.defaults(), Optional.empty(), Map.of()));

    @Test
    void shouldPrintEveryAddressAndTheSdkAppIdWhenTheStackIsUp() {
        String banner = Banner.render(config, Instant.ofEpochSecond(1_800_000_000L));

        assertThat(banner).contains("http://127.0.0.1:8080/callbacks/callkit", "http://127.0.0.1:8090/health/ready",
                "http://127.0.0.1:8090/console/", "127.0.0.1:9092", "http://127.0.0.1:8081/apis/ccompat/v7", "1400000001", "deploy/tail.sh",
                "deploy/generate.sh");
    }

    @Test
    void shouldPrintTheCallbacksAdminApiAndHowToSignACallWhenTheStackIsUp() {
        String banner = Banner.render(config, Instant.ofEpochSecond(1_800_000_000L));

        assertThat(banner).contains("callbacks  http://127.0.0.1:8092", "/v4/call_config/*", "/v1/callback/*",
                "deploy/usersig.sh", "curl -s -X POST 'http://127.0.0.1:8092/v1/callback/get?sdkappid=1400000001"
                        + "&identifier=administrator&usersig='\"$(deploy/usersig.sh)\"'&random=1&contenttype=json' -d '{}'");
    }

    @Test
    void shouldPrintTheWarehouseAndHowToQueryItWhenStartedWithTheWarehouse() {
        String banner = Banner.render(config.withWarehouse(), Instant.ofEpochSecond(1_800_000_000L));

        assertThat(banner).contains("warehouse  postgresql://postgres@127.0.0.1:5432/postgres",
                "call_summaries, call_participants, missed_call_alerts", "connect    http://127.0.0.1:8083",
                "Query the warehouse:          deploy/sql.sh \"SELECT outcome, count(*) FROM call_summaries GROUP BY 1\"");
        assertThat(Banner.render(config, Instant.ofEpochSecond(1_800_000_000L))).doesNotContain("warehouse");
    }

    @Test
    void shouldOfferACurlWithARealisticWebhookWhenTheStackIsUp() {
        String curl = Banner.curl(config, "1400000001", Instant.ofEpochSecond(1_800_000_000L));

        assertThat(curl).startsWith("curl -s -X POST 'http://127.0.0.1:8080/callbacks/callkit?sdkappid=1400000001"
                + "&command=callee_not_answer_call&contenttype=json&clientip=127.0.0.1&optplatform=iOS'")
                .contains("-H 'Content-Type: application/json'")
                .contains("\"CallId\":\"demo-1800000000\"", "\"Event\":\"not_answer_call\"", "\"Role\":\"callee\"",
                        "\"EventTime\":1800000000", "\"StartCallTs\":1799999970");
    }
}
