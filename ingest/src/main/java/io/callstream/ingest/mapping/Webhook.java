package io.callstream.ingest.mapping;

/**
 * One received callback, as the HTTP layer hands it to {@link WebhookMapper}.
 *
 * @param sdkAppId the {@code sdkappid} query parameter (already checked against the accepted ones)
 * @param command  the {@code command} query parameter, or null
 * @param clientIp the {@code clientip} query parameter, or null
 * @param platform the {@code optplatform} query parameter, or null
 * @param body     the raw request body
 */
public record Webhook(long sdkAppId, String command, String clientIp, String platform, byte[] body) {
}
