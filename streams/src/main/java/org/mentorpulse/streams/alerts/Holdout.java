package org.mentorpulse.streams.alerts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which matches get no nudge, so that the lift of nudges on resumed contact is measured rather than assumed: a
 * share of matches chosen by a keyed hash of the match id. The same match is always in or out for the same salt,
 * across restarts and replays, and nobody can pick the held-out matches without the salt.
 */
public record Holdout(double share, String salt) {
    public Holdout {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("the holdout share must be between 0 and 1, not " + share);
        }
    }

    public boolean heldOut(String matchId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            long bits = ByteBuffer.wrap(mac.doFinal(matchId.getBytes(StandardCharsets.UTF_8))).getLong() >>> 11;
            return bits * 0x1.0p-53 < share; // the top 53 bits as a uniform double in [0, 1)
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
