package org.mentorpulse.ingestion.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Vendor payloads kept in test resources (modelled on each vendor's documented samples), and signing. */
final class VendorSamples {
    static final Instant NOW = Instant.parse("2026-03-03T10:00:00Z");

    private VendorSamples() {}

    static byte[] sample(String name) {
        try (InputStream in = VendorSamples.class.getResourceAsStream("/webhooks/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("missing sample " + name, e));
        }
    }

    /** A request signed the Zoom/Slack way with the given header names. */
    static WebhookRequest signedV0(byte[] body, String secret, String timestampHeader, String signatureHeader,
            Instant signedAt) {
        String ts = Long.toString(signedAt.getEpochSecond());
        String signature = "v0=" + Signatures.hmacSha256Hex(secret, concat(("v0:" + ts + ":").getBytes(), body));
        Map<String, String> headers = new HashMap<>();
        headers.put(timestampHeader, ts);
        headers.put(signatureHeader, signature);
        return new WebhookRequest(headers, Map.of(), body, NOW);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
