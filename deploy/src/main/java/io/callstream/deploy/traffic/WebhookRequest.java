package io.callstream.deploy.traffic;

import io.callstream.avro.CallbackFamily;

/**
 * One webhook request the traffic generator sends to ingest: a callback as TUICallKit sends it,
 * its query parameters besides the SDKAppID and {@code contenttype}, and the JSON body
 * (callkit-callbacks.md section 1, callkit-v4-and-records.md sections 2 and 3).
 *
 * @param callId    the call it belongs to
 * @param family    the callback family the body is written in
 * @param event     what it reports, for tests and reading: the v1 body's {@code Event}, the status
 *                  callback's {@code CallResult}, or the v4 callback ({@code StartCall},
 *                  {@code MemberChanged:<ActionType>}, {@code EndCall:<CallResult>})
 * @param command   the command word: v1 {@code command}, v4 {@code CallbackCommand}
 * @param platform  v1 {@code optplatform}, v4 {@code OptPlatform}
 * @param clientIp  v1 {@code clientip}, v4 {@code ClientIP}
 * @param body      the JSON body
 */
public record WebhookRequest(String callId, CallbackFamily family, String event, String command, String platform,
                             String clientIp, String body) {

    /**
     * The path and query of the request to an ingest at {@code /callbacks/callkit}, with the query
     * parameter names of the body's generation: v1 {@code sdkappid, command, contenttype, clientip,
     * optplatform}, v4 {@code SdkAppid, CallbackCommand, contenttype, ClientIP, OptPlatform}.
     */
    public String pathAndQuery(long sdkAppId) {
        return isV4()
                ? "/callbacks/callkit?SdkAppid=" + sdkAppId + "&CallbackCommand=" + command + "&contenttype=json&ClientIP="
                        + clientIp + "&OptPlatform=" + platform
                : "/callbacks/callkit?sdkappid=" + sdkAppId + "&command=" + command + "&contenttype=json&clientip="
                        + clientIp + "&optplatform=" + platform;
    }

    public boolean isV4() {
        return family == CallbackFamily.V4_START_CALL || family == CallbackFamily.V4_MEMBER_CHANGED
                || family == CallbackFamily.V4_END_CALL;
    }
}
