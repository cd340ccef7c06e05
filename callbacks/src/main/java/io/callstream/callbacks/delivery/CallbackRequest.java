package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One outbound callback to one address: {@code POST <address>?<query>} with a JSON body, where the query
 * is the subscriber's generation's: v1 {@code sdkappid, command, contenttype, clientip, optplatform}
 * (callkit-callbacks.md section 1) or v4 {@code SdkAppid, CallbackCommand, contenttype, ClientIP,
 * OptPlatform} (callkit-v4-and-records.md section 2). The address's own query is kept.
 *
 * <p>{@link #deliveryId()} ({@code webhook-id}) is derived from what is sent (app, event, URL, body), so the
 * same callback keeps its id across retries, replays and a re-send after a restart: a subscriber dedupes on it.
 */
public record CallbackRequest(long sdkAppId, String callId, String eventId, String address, String command,
                              URI uri, String body) {

    /** A v1 callback of {@code event}: {@code clientip} and {@code optplatform} when the event has them. */
    static CallbackRequest v1(CallEvent event, String address, Outbound callback) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sdkappid", Long.toString(event.getSdkAppId()));
        query.put("command", callback.command());
        query.put("contenttype", "json");
        if (event.getClientIp() != null) {
            query.put("clientip", event.getClientIp());
        }
        if (event.getPlatform() != null) {
            query.put("optplatform", event.getPlatform());
        }
        return new CallbackRequest(event.getSdkAppId(), event.getCallId(), event.getEventId(), address,
                callback.command(), url(address, query), callback.body());
    }

    /**
     * A v4 callback: all five parameters, always; {@code ClientIP} empty and {@code OptPlatform=Unknown} (a
     * documented value) when not known, as for an end call built from a summary.
     */
    static CallbackRequest v4(long sdkAppId, String callId, String eventId, String address, Outbound callback,
                              String clientIp, String platform) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("SdkAppid", Long.toString(sdkAppId));
        query.put("CallbackCommand", callback.command());
        query.put("contenttype", "json");
        query.put("ClientIP", clientIp == null ? "" : clientIp);
        query.put("OptPlatform", platform == null || platform.isBlank() ? "Unknown" : platform);
        return new CallbackRequest(sdkAppId, callId, eventId, address, callback.command(), url(address, query), callback.body());
    }

    /** {@code msg_} + URL-safe Base64 of the first 18 bytes of SHA-256(sdkAppId, eventId, url, body). */
    public String deliveryId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((sdkAppId + "\n" + eventId + "\n" + uri + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest(body.getBytes(StandardCharsets.UTF_8));
            return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static URI url(String address, Map<String, String> query) {
        StringBuilder url = new StringBuilder(address);
        char last = address.charAt(address.length() - 1);
        url.append(address.contains("?") ? (last == '?' || last == '&' ? "" : "&") : "?");
        String sep = "";
        for (Map.Entry<String, String> q : query.entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return URI.create(url.toString());
    }
}
