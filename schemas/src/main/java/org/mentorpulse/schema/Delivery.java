package org.mentorpulse.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What became of one notification on one channel ({@link Topics#DELIVERY_LOG}; the {@code mentorpulse.deliveries}
 * table holds the same rows).
 *
 * @param status {@link #SENT}; {@link #FAILED} when the receiver refused it for good (no retry helps, such as
 *     a missing address or a 4xx answer); {@link #GAVE_UP} when every retry failed
 * @param attempts how many times it was tried
 * @param reason why it failed, or empty
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Delivery(
        @JsonProperty("notification_id") String notificationId,
        @JsonProperty("purpose") String purpose,
        @JsonProperty("recipient_id") String recipientId,
        @JsonProperty("program_id") String programId,
        @JsonProperty("channel") String channel,
        @JsonProperty("status") String status,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("reason") String reason,
        @JsonProperty("at") String at,
        @JsonProperty("alert_ids") List<String> alertIds) {

    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String GAVE_UP = "gave_up";
}
