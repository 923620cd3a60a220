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

/**
 * HMAC-SHA256 signatures as the vendors use them. Every check here compares in constant time and refuses a
 * request whose signed timestamp is outside {@link #MAX_AGE} of now, so a captured request cannot be replayed
 * later.
 */
public final class Signatures {
    /** Zoom and Slack both refuse requests older than five minutes, against replays; so do we. */
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

    /** Constant time in the content (MessageDigest.isEqual); a length difference is not a secret. */
    public static boolean equal(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The Zoom/Slack scheme: {@code v0=} + HMAC of {@code v0:<timestamp>:<raw body>}, the timestamp in seconds
     * as sent. Returns null when the request is authentic and fresh, else the reason.
     */
    public static String verifyV0(String secret, String timestamp, String signature, byte[] body, Instant now) {
        return verify(secret, "v0=", "v0:", ":", timestamp, signature, body, now);
    }

    /**
     * MentorPulse's own scheme for tools that sign what they post: {@code sha256=} + HMAC of
     * {@code <timestamp>.<raw body>}, the timestamp in seconds (the shape Stripe and others use).
     */
    public static String verifyTimestamped(String secret, String timestamp, String signature, byte[] body,
            Instant now) {
        return verify(secret, "sha256=", "", ".", timestamp, signature, body, now);
    }

    /** The value of the signature header for {@link #verifyTimestamped}, for senders and tests. */
    public static String signTimestamped(String secret, long epochSeconds, byte[] body) {
        return "sha256=" + hmacSha256Hex(secret, signedMessage("", Long.toString(epochSeconds), ".", body));
    }

    private static String verify(String secret, String signaturePrefix, String messagePrefix, String separator,
            String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return "the signature or timestamp header is missing";
        }
        String problem = outsideWindow(timestamp, now);
        if (problem != null) {
            return problem;
        }
        String expected = signaturePrefix + hmacSha256Hex(secret, signedMessage(messagePrefix, timestamp.strip(),
                separator, body));
        return equal(expected, signature.strip()) ? null : "the signature does not match";
    }

    /** Null when {@code timestamp} (seconds since the epoch) is within {@link #MAX_AGE} of now, else why not. */
    static String outsideWindow(String timestamp, Instant now) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "the timestamp header is not a number of seconds";
        }
        // compared as a distance that cannot overflow, whatever number was sent
        long nowSeconds = now.getEpochSecond();
        if (seconds < nowSeconds - MAX_AGE.toSeconds() || seconds > nowSeconds + MAX_AGE.toSeconds()) {
            return "the request is older than " + MAX_AGE.toMinutes() + " minutes (or from the future)";
        }
        return null;
    }

    private static byte[] signedMessage(String prefix, String timestamp, String separator, byte[] body) {
        byte[] head = (prefix + timestamp + separator).getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        return message;
    }
}
