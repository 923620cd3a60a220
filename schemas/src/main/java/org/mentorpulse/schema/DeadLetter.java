package org.mentorpulse.schema;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The one shape of a record on {@link Topics#DEAD_LETTERS}, whichever stage refused it: who refused it
 * (component and version), when, every typed reason, and what was refused, so that it can be understood, fixed
 * and replayed (the promise is "non-lossy": nothing is dropped silently). Ingestion keeps the original payload
 * as JSON, pruned to catalogue fields, never a message's content; later stages keep the log record's bytes,
 * base64-encoded, because what they refuse may not be text at all.
 *
 * @param sender the ingestion source (credential) or vendor that sent it; empty for later stages
 * @param payloadEncoding {@value #JSON_PAYLOAD}, {@value #BASE64_PAYLOAD} or {@value #TEXT_PAYLOAD}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
        @JsonProperty("rejected_by") String rejectedBy,
        @JsonProperty("rejector_version") String rejectorVersion,
        @JsonProperty("rejected_at") String rejectedAt,
        @JsonProperty("sender") String sender,
        @JsonProperty("source") String source,
        @JsonProperty("id") String id,
        @JsonProperty("type") String type,
        @JsonProperty("errors") List<Reason> errors,
        // letters of the deduplicator before this record existed named it original_payload_base64
        @JsonProperty("original_payload") @JsonAlias("original_payload_base64") String originalPayload,
        @JsonProperty("payload_encoding") String payloadEncoding) {

    public static final String JSON_PAYLOAD = "json";
    public static final String BASE64_PAYLOAD = "base64";
    /** a row or record that a stage had as text (a ClickHouse row it could not write) */
    public static final String TEXT_PAYLOAD = "text";
    /** Label of {@link Reason#code} for bytes that are not what the stage reads (not JSON, not an event). */
    public static final String MALFORMED = "malformed";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One reason: {@code field} a path such as {@code data.match_id} ({@code $} for the whole record), {@code code}
     * the kind of problem for machines, {@code reason} a sentence for the person who fixes the sender.
     */
    public record Reason(@JsonProperty("field") String field, @JsonProperty("code") String code,
            @JsonProperty("reason") String reason) {}

    /** A record a later stage could not read or process: its bytes kept as they were, and why. */
    public static DeadLetter ofRecord(String component, Instant at, byte[] value, Reason reason) {
        return new DeadLetter(component, MentorPulseVersion.VERSION, at.toString(), "", null, null, null,
                List.of(reason), Base64.getEncoder().encodeToString(value == null ? new byte[0] : value),
                BASE64_PAYLOAD);
    }

    /** The Kafka key of the letter: the event it is about, where known. */
    public String key() {
        return (source == null ? "?" : source) + "/" + (id == null ? "?" : id);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException impossible) {
            throw new IllegalStateException("a record of strings always serializes", impossible);
        }
    }

    /** Reads a letter; throws {@link IOException} for bytes that are not one. */
    public static DeadLetter fromJson(byte[] json) throws IOException {
        DeadLetter letter = JSON.readValue(json, DeadLetter.class);
        if (letter == null) {
            throw new IOException("not a dead letter: " + new String(json, StandardCharsets.UTF_8));
        }
        return letter;
    }
}
