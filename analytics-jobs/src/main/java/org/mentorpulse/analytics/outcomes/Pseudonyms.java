package org.mentorpulse.analytics.outcomes;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mentorpulse.config.ConfigurationException;

/**
 * Keyed pseudonyms for the research data (SPEC 8): HMAC-SHA256 of the id under a deployment secret
 * ({@code research.pseudonym-key}), cut to 128 bits and written in hex. Without the key nobody can tell whose
 * row is whose, not even by hashing every known id; with it, the pipeline gives the same person the same
 * pseudonym in every match, so researchers can follow a mentor across relationships.
 *
 * <p>Each kind of id is hashed under its own label ({@code match:}, {@code participant:}, {@code cohort:}), so
 * that equal strings of different kinds never share a pseudonym.
 *
 * <p>The key's id ({@link #keyId}) is what exports record; by default it is a fingerprint of the key, so that
 * a rotated key is told apart without ever being written anywhere.
 */
public final class Pseudonyms implements Serializable {
    private static final long serialVersionUID = 1L;
    /** 32 bytes of randomness, written as text; shorter secrets could be guessed */
    public static final int MIN_KEY_LENGTH = 32;
    public static final String KEY_SETTING = "research.pseudonym-key";
    public static final String KEY_ID_SETTING = "research.pseudonym-key-id";

    private final byte[] key;
    private final String keyId;
    private transient Mac mac;

    private Pseudonyms(byte[] key, String keyId) {
        this.key = key;
        this.keyId = keyId;
    }

    /**
     * @param key the secret, at least {@link #MIN_KEY_LENGTH} characters
     * @param keyId a name for the key, or empty/{@code none} for its fingerprint
     */
    public static Pseudonyms of(String key, String keyId) {
        if (key == null || key.isBlank()) {
            throw new ConfigurationException("setting '" + KEY_SETTING + "' (env MENTORPULSE_RESEARCH_PSEUDONYM_KEY)"
                    + " is empty: the research pseudonyms need a secret key of " + MIN_KEY_LENGTH
                    + " characters or more (for example: openssl rand -base64 33)");
        }
        if (key.length() < MIN_KEY_LENGTH) {
            throw new ConfigurationException("setting '" + KEY_SETTING + "' is " + key.length()
                    + " characters long: the research pseudonyms need a secret key of " + MIN_KEY_LENGTH
                    + " characters or more");
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        String id = keyId == null || keyId.isBlank() || keyId.equals("none") ? fingerprint(bytes) : keyId.strip();
        return new Pseudonyms(bytes, id);
    }

    /** A name for the key that reveals nothing about it: a hash of it under a label of its own. */
    static String fingerprint(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("mentorpulse pseudonym key id:".getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest(key), 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public String keyId() {
        return keyId;
    }

    public String match(String matchId) {
        return pseudonym("match:", matchId);
    }

    public String participant(String participantId) {
        return pseudonym("participant:", participantId);
    }

    public String cohort(String cohortId) {
        return pseudonym("cohort:", cohortId);
    }

    /** An unknown id (e.g. a match whose creation has not arrived) stays empty rather than hashing "". */
    private String pseudonym(String label, String id) {
        if (id == null || id.isEmpty()) {
            return "";
        }
        Mac m = mac();
        m.update(label.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(m.doFinal(id.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private Mac mac() {
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no HMAC-SHA256", e);
            }
        }
        return mac;
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "Pseudonyms[" + keyId + "]";
    }
}
