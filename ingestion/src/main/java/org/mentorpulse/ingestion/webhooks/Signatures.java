package org.mentorpulse.ingestion.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures as the vendors use them, compared in constant time. */
public final class Signatures {
    /** Zoom and Slack both refuse requests older than five minutes, against replays. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private Signatures() {}

    public static String hmacSha256Hex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    public static String hmacSha256Hex(String secret, String message) {
        return hmacSha256Hex(secret, message.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean equal(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    /** The Zoom/Slack scheme: {@code v0=} + HMAC of {@code v0:<timestamp>:<raw body>}, timestamp in seconds. */
    public static String verifyV0(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return "the signature or timestamp header is missing";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "the timestamp header is not a number of seconds";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
            return "the request is older than " + MAX_AGE.toMinutes() + " minutes (or from the future)";
        }
        byte[] prefix = ("v0:" + seconds + ":").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return equal("v0=" + hmacSha256Hex(secret, message), signature.strip()) ? null : "the signature does not match";
    }
}
