package io.callstream.deploy.traffic;

/**
 * One webhook request the traffic generator sends to ingest: a call-event callback as TUICallKit
 * sends it, the query parameters besides {@code sdkappid} and {@code contenttype}, and the JSON body
 * (callkit-callbacks.md section 1).
 *
 * @param callId    the call it belongs to
 * @param event     the body's {@code Event}
 * @param command   the {@code command} query parameter
 * @param platform  the {@code optplatform} query parameter
 * @param clientIp  the {@code clientip} query parameter
 * @param body      the JSON body
 */
public record WebhookRequest(String callId, String event, String command, String platform, String clientIp, String body) {

    /** The path and query of the request to an ingest at {@code /callbacks/callkit}. */
    public String pathAndQuery(long sdkAppId) {
        return "/callbacks/callkit?sdkappid=" + sdkAppId + "&command=" + command + "&contenttype=json&clientip="
                + clientIp + "&optplatform=" + platform;
    }
}
