package org.mentorpulse.ingestion.auth;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.mentorpulse.config.KeyHashes;

/**
 * Per-source API keys, configured as SHA-256 hashes so the configuration never holds a usable secret:
 * <pre>
 * ingestion.sources.&lt;name&gt;.key-sha256   = &lt;hex&gt;[,&lt;hex&gt;...]   (several while a key is rotated)
 * ingestion.sources.&lt;name&gt;.event-source = /platform             (prefix the events' source must have)
 * ingestion.sources.&lt;name&gt;.revoked      = true                  (keeps the entry, refuses its keys)
 * ingestion.sources.&lt;name&gt;.operator     = true                  (may send managers' actions on alerts)
 * </pre>
 * Keys are 256-bit random tokens made by {@link #newKey()}, checked by {@link KeyHashes}.
 */
public final class ApiKeys {
    public static final String PREFIX = "ingestion.sources.";

    private record Entry(byte[] hash, SourceCredential credential, boolean revoked) {}

    /** The outcome of checking an Authorization header. */
    public sealed interface Check permits Allowed, Refused {}

    public record Allowed(SourceCredential credential) implements Check {}

    public record Refused(String reason) implements Check {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads every {@code ingestion.sources.*} entry; a malformed entry stops start-up with its key named. */
    public static ApiKeys fromProperties(Map<String, String> properties) {
        TreeSet<String> names = new TreeSet<>();
        properties.keySet().stream().filter(k -> k.startsWith(PREFIX))
                .map(k -> k.substring(PREFIX.length()))
                .filter(rest -> rest.contains("."))
                .forEach(rest -> names.add(rest.substring(0, rest.indexOf('.'))));
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            String base = PREFIX + name + ".";
            String hashes = properties.get(base + "key-sha256");
            if (hashes == null || hashes.isBlank()) {
                throw new IllegalArgumentException(base + "key-sha256 is missing: each source needs the SHA-256 "
                        + "of its key (./mentorpulse key new " + name + " makes one)");
            }
            String eventSource = properties.getOrDefault(base + "event-source", "/" + name);
            boolean revoked = Boolean.parseBoolean(properties.getOrDefault(base + "revoked", "false"));
            boolean operator = Boolean.parseBoolean(properties.getOrDefault(base + "operator", "false"));
            for (byte[] hash : KeyHashes.parse(base + "key-sha256", hashes)) {
                entries.add(new Entry(hash, new SourceCredential(name, eventSource, operator), revoked));
            }
        }
        return new ApiKeys(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Checks an {@code Authorization: Bearer <key>} header value. */
    public Check check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Refused("send the source's API key as 'Authorization: Bearer <key>'");
        }
        int index = KeyHashes.match(entries.stream().map(Entry::hash).toList(), authorization.substring(7).strip());
        Optional<Entry> match = index < 0 ? Optional.empty() : Optional.of(entries.get(index));
        if (match.isEmpty()) {
            return new Refused("unknown API key");
        }
        if (match.get().revoked()) {
            return new Refused("the API key of source '" + match.get().credential().name() + "' is revoked");
        }
        return new Allowed(match.get().credential());
    }

    /** A fresh random key: 32 bytes from a CSPRNG, URL-safe base64. */
    public static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "mpk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    public static String sha256Hex(String key) {
        return KeyHashes.sha256Hex(key);
    }
}
