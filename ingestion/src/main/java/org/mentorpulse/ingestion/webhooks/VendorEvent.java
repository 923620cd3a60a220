package org.mentorpulse.ingestion.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A vendor's notification mapped onto the catalogue, but still naming people the vendor's way (e-mail, Zoom
 * user id, Slack user id). Identity resolution turns the identities into participant ids and finds the
 * match; until it can, the vendor event waits in the pending topic.
 *
 * @param data the event's data without the fields that need resolving
 * @param people data fields that name one person, e.g. {@code sender_id -> slack:U123}
 * @param groups data fields that list people, e.g. {@code attendee_ids -> [email:a@x, email:b@x]}
 * @param identities everyone involved, used to find the match
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VendorEvent(
        String source,
        String id,
        String type,
        String time,
        ObjectNode data,
        Map<String, Identity> people,
        Map<String, List<Identity>> groups,
        List<Identity> identities) {

    /** One external identity, as {@code participant.registered} records it. */
    public record Identity(String system, @JsonProperty("external_id") String externalId) {
        public static Identity email(String address) {
            return new Identity("email", address.strip().toLowerCase());
        }

        @Override
        public String toString() {
            return system + ":" + externalId;
        }
    }
}
