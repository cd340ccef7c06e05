package io.callstream.deploy;

import io.callstream.deploy.stack.StackConfig;
import java.time.Instant;

/**
 * The text the local stack prints once it is up: addresses, the accepted SDKAppID, a webhook curl to
 * try, a curl of the callbacks service's admin API with how to make its UserSig, and with the
 * warehouse its database, its Connect worker and how to query it.
 */
final class Banner {

    private Banner() {
    }

    static String render(StackConfig c, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("\ncallstream local stack is up\n\n");
        if (c.services().contains("ingest")) {
            row(sb, "ingest", c.ingestUrl() + "/callbacks/callkit   (health " + c.ingestUrl() + "/health/ready, metrics /metrics)");
        }
        if (c.services().contains("processor")) {
            row(sb, "processor", c.processorUrl() + "/health/ready   (call records API /v4/call_record_http_srv/*, "
                    + "/v1/records/*)");
            row(sb, "console", c.processorUrl() + "/console/   (live calls in a browser)");
        }
        if (c.services().contains("callbacks")) {
            row(sb, "callbacks", c.callbacksUrl() + "   (callback configuration API /v4/call_config/*, /v1/callback/*;"
                    + " health /health/ready, metrics /metrics)");
        }
        row(sb, "kafka", c.bootstrapServers() + (c.embeddedKafka() ? "   (embedded KRaft broker, data "
                + c.dataDir().resolve("kafka") + ")" : "   (existing cluster)"));
        row(sb, "registry", c.registryUrl() + (c.embeddedRegistry() ? "   (Apicurio, Confluent API, data "
                + c.dataDir().resolve("registry") + ")" : "   (existing registry)"));
        row(sb, "topics", String.join(", ", c.topics()) + " (" + c.partitions() + " partitions when created here)");
        if (c.warehouse().enabled()) {
            row(sb, "warehouse", c.warehouseUrl() + "   (PostgreSQL, data " + c.dataDir().resolve("warehouse")
                    + "; tables call_summaries, call_participants, missed_call_alerts)");
            row(sb, "connect", c.connectUrl() + "   (Kafka Connect worker, JDBC sinks of deploy/connect/; GET /connectors?expand=status)");
        }
        row(sb, "SDKAppID", String.join(", ", c.sdkAppIds()));
        row(sb, "logs", c.logDir().toString());
        if (c.services().contains("ingest")) {
            sb.append("\nTry it: a callee who did not answer (an alert at once, the summary after the\n  processor's settle delay, 10 s by default):\n\n  ")
                    .append(curl(c, String.valueOf(c.demoSdkAppId()), now)).append("\n");
        }
        if (c.services().contains("callbacks")) {
            long app = c.demoSdkAppId();
            boolean localKey = c.callbacksAccounts().secretKey(app).filter(StackConfig.LOCAL_SECRET_KEY::equals).isPresent();
            sb.append("\nConfigure callbacks as ").append(c.demoAdmin(app)).append(" of ").append(app)
                    .append(" (every verb in docs/callbacks.md); deploy/usersig.sh\n  prints the UserSig, signed with ")
                    .append(localKey ? "the local demo key" : "your CALLSTREAM_CALLBACKS_SECRET_KEYS").append(":\n\n  ")
                    .append(adminCurl(c, app)).append("\n");
        }
        if (c.services().contains("ingest")) {
            sb.append("\nSee what the pipeline emits:  deploy/tail.sh\n");
            sb.append("Send traffic and check it:    deploy/generate.sh --calls 10000 --verify\n");
        }
        if (c.warehouse().enabled()) {
            sb.append("Query the warehouse:          ").append(c.warehouse().postgresPort() == 5432 ? ""
                    : "CALLSTREAM_WAREHOUSE_URL=" + c.warehouseUrl() + " ")
                    .append("deploy/sql.sh \"SELECT outcome, count(*) FROM call_summaries GROUP BY 1\"\n");
        }
        sb.append(c.services().contains("ingest") ? "" : "\n").append("Stop: Ctrl-C\n");
        return sb.toString();
    }

    /** A realistic callee-side not_answer_call webhook for a fresh call id. */
    static String curl(StackConfig c, String sdkAppId, Instant now) {
        long t = now.getEpochSecond();
        String callId = "demo-" + t;
        String body = "{\"UserId\":\"bob\",\"RoomId\":\"room-" + callId + "\",\"TotalNum\":2,\"MediaType\":\"audio\","
                + "\"CallType\":\"single\",\"CallId\":\"" + callId + "\",\"Role\":\"callee\",\"Event\":\"not_answer_call\","
                + "\"CallResult\":\"not_answer\",\"EventTime\":" + t + ",\"StartCallTs\":" + (t - 30) + "}";
        return "curl -s -X POST '" + c.ingestUrl() + "/callbacks/callkit?sdkappid=" + sdkAppId
                + "&command=callee_not_answer_call&contenttype=json&clientip=127.0.0.1&optplatform=iOS'"
                + " -H 'Content-Type: application/json' -d '" + body + "'";
    }

    /** The legacy {@code get} of the app's callback configuration, the UserSig made by {@code deploy/usersig.sh}. */
    static String adminCurl(StackConfig c, long sdkAppId) {
        return "curl -s -X POST '" + c.callbacksUrl() + "/v1/callback/get?sdkappid=" + sdkAppId + "&identifier="
                + c.demoAdmin(sdkAppId) + "&usersig='\"$(deploy/usersig.sh)\"'&random=1&contenttype=json' -d '{}'";
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format("  %-10s %s%n", name, value));
    }
}
