package io.callstream.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TUICallKit v1 event callbacks of one call, POSTed to a real ingest as the backend sends them
 * (callkit-callbacks.md section 1: body fields, times in seconds, the {@code command} word), each
 * answered 200 only once Kafka acknowledged it.
 */
final class V1Webhooks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String ingestUrl;
    private final long sdkAppId;

    V1Webhooks(String ingestUrl, long sdkAppId) {
        this.ingestUrl = ingestUrl;
        this.sdkAppId = sdkAppId;
    }

    /** One call's callbacks: 1:1 or group, {@code totalNum} users, started at {@code startSecond}. */
    Call call(String callId, boolean group, int totalNum, long startSecond) {
        return new Call(callId, group, totalNum, startSecond);
    }

    final class Call {
        private final String callId;
        private final boolean group;
        private final int totalNum;
        private final long start;

        private Call(String callId, boolean group, int totalNum, long start) {
            this.callId = callId;
            this.group = group;
            this.totalNum = totalNum;
            this.start = start;
        }

        /** {@code event} by the caller at {@code start + second}, with {@code result} ("" for none). */
        Call caller(String user, String event, String result, int second) {
            return post(user, "caller", event, result, second, null);
        }

        Call callee(String user, String event, String result, int second) {
            return post(user, "callee", event, result, second, null);
        }

        /** {@code call_end} with {@code normal_end} and the call's {@code AcceptTs}/{@code EndTs}. */
        Call normalEnd(String user, String role, int acceptSecond, int second) {
            return post(user, role, "call_end", "normal_end", second, acceptSecond);
        }

        private Call post(String user, String role, String event, String result, int second, Integer acceptSecond) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("UserId", user);
            body.put("RoomId", "room-" + callId);
            body.put("TotalNum", totalNum);
            body.put("MediaType", "audio");
            body.put("CallType", group ? "group" : "single");
            body.put("CallId", callId);
            body.put("Role", role);
            body.put("Event", event);
            body.put("CallResult", result);
            body.put("EventTime", start + second);
            body.put("StartCallTs", start);
            if (acceptSecond != null) {
                body.put("AcceptTs", start + acceptSecond);
                body.put("EndTs", start + second);
            }
            String command = "call_end".equals(event) ? "normal_end" : role + "_" + event;
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(ingestUrl
                                + "/callbacks/callkit?sdkappid=" + sdkAppId + "&command=" + command
                                + "&contenttype=json&clientip=127.0.0.1&optplatform=iOS"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("%s %s of %s: %s", role, event, callId, answer.body()).isEqualTo(200);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
