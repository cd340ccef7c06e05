package io.callstream.deploy.traffic;

import java.util.List;

/** A generated call: what must come out, the story it tells, and the webhooks sent for it, in sending order. */
public record PlannedCall(ExpectedCall expected, CallStory story, List<WebhookRequest> webhooks) {

    public PlannedCall {
        webhooks = List.copyOf(webhooks);
    }
}
