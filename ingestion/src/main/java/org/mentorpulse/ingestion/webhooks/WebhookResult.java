package org.mentorpulse.ingestion.webhooks;

import java.util.List;

/**
 * What an adapter made of one vendor request: the reply the vendor expects (a handshake answer, an
 * acknowledgement or a refusal), the events to resolve, and notifications it could not map, with why.
 */
public record WebhookResult(int status, String contentType, String body, List<VendorEvent> events,
        List<String> unmappable) {

    public static WebhookResult ok(List<VendorEvent> events) {
        return new WebhookResult(200, "application/json", "{\"status\":\"received\"}", events, List.of());
    }

    public static WebhookResult reply(int status, String contentType, String body) {
        return new WebhookResult(status, contentType, body, List.of(), List.of());
    }

    public static WebhookResult refused(int status, String reason) {
        return new WebhookResult(status, "application/json",
                "{\"error\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(reason) + "}", List.of(), List.of());
    }

    public WebhookResult withUnmappable(List<String> reasons) {
        return new WebhookResult(status, contentType, body, events, reasons);
    }
}
