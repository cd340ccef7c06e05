package io.callstream.deploy.traffic;

import java.util.List;

/** A generated call: the webhooks both sides send, in sending order, and what must come out. */
public record PlannedCall(ExpectedCall expected, List<WebhookRequest> webhooks) {

    public PlannedCall {
        webhooks = List.copyOf(webhooks);
    }
}
