package org.mentorpulse.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * API keys as the configuration holds them: SHA-256 hashes, never the keys, so a leaked configuration opens
 * nothing. A plain SHA-256 (not a slow password hash) is right for keys that are 256-bit random tokens: there is
 * nothing to brute-force, and every request must be checked quickly.
 */
public final class KeyHashes {
    private KeyHashes() {}

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** Comma-separated hex hashes (several while a key is rotated); a malformed one is an error naming the key. */
    public static List<byte[]> parse(String settingKey, String hexList) {
        List<byte[]> hashes = new ArrayList<>();
        for (String hex : hexList.split(",")) {
            if (hex.isBlank()) {
                continue;
            }
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(hex.strip().toLowerCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(settingKey + " must be hexadecimal: " + e.getMessage());
            }
            if (hash.length != 32) {
                throw new IllegalArgumentException(settingKey + " must be 64 hex digits (SHA-256), not "
                        + hex.strip().length());
            }
            hashes.add(hash);
        }
        return hashes;
    }

    /**
     * The index of the hash the presented key matches, or -1. Every hash is compared, in constant time, so the
     * time taken says nothing about which one came close.
     */
    public static int match(List<byte[]> hashes, String presentedKey) {
        byte[] presented = sha256(presentedKey);
        int found = -1;
        for (int i = 0; i < hashes.size(); i++) {
            if (MessageDigest.isEqual(hashes.get(i), presented)) {
                found = i;
            }
        }
        return found;
    }
}
