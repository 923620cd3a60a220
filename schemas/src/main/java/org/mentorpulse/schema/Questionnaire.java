package org.mentorpulse.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A validated instrument that a {@code feedback.submitted} may answer (data.questionnaire and
 * data.questionnaire_version): its item ids, the scale every item is answered on, and the subscales the items
 * make up. Item wording is not needed and not kept; item ids name their subscale. The definitions are resources
 * ({@code questionnaires/ID.vVERSION.json}); a new version is a new file, so scores already on the log keep the
 * definition they were given under.
 *
 * @param items every item id, in the order of the subscales
 */
public record Questionnaire(String id, int version, String name, int min, int max,
        Map<String, List<String>> subscales, List<String> items) {

    /** The questionnaires this release knows, by {@code id@version}. */
    private static final Map<String, Questionnaire> KNOWN = load("mfq-9.v1", "mca-26.v1");

    public static Optional<Questionnaire> find(String id, int version) {
        return Optional.ofNullable(KNOWN.get(id + "@" + version));
    }

    /** {@code id@version} of every known questionnaire, sorted. */
    public static List<String> known() {
        return List.copyOf(KNOWN.keySet());
    }

    /**
     * Each subscale's score: the mean of its items (the usual scoring of both instruments). Only for scores that
     * passed validation: every item present and on the scale.
     */
    public Map<String, Double> subscaleScores(Map<String, Double> scores) {
        Map<String, Double> out = new LinkedHashMap<>();
        subscales.forEach((subscale, itemIds) -> out.put(subscale,
                itemIds.stream().mapToDouble(item -> scores.get(item)).average().orElseThrow()));
        return out;
    }

    private static Map<String, Questionnaire> load(String... names) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Questionnaire> out = new TreeMap<>();
        for (String name : names) {
            String resource = "questionnaires/" + name + ".json";
            try (InputStream in = Questionnaire.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                JsonNode root = json.readTree(in);
                Map<String, List<String>> subscales = new LinkedHashMap<>();
                List<String> items = new ArrayList<>();
                root.get("subscales").fields().forEachRemaining(e -> {
                    List<String> ids = new ArrayList<>();
                    e.getValue().forEach(item -> ids.add(item.asText()));
                    subscales.put(e.getKey(), List.copyOf(ids));
                    items.addAll(ids);
                });
                Questionnaire q = new Questionnaire(root.get("id").asText(), root.get("version").asInt(),
                        root.get("name").asText(), root.get("scale").get("min").asInt(),
                        root.get("scale").get("max").asInt(), Collections.unmodifiableMap(subscales),
                        List.copyOf(items));
                out.put(q.id() + "@" + q.version(), q);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
