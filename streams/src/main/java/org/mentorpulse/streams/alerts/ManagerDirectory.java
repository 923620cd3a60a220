package org.mentorpulse.streams.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The program managers, from a JSON file ({@code alerts.managers-file}): who receives a program's escalations and
 * how. Managers are staff, not participants, so they are configured rather than registered on the log:
 * <pre>{"managers": [{"id": "pm-1", "programs": ["prog-1"], "timezone": "Europe/Berlin", "language": "de",
 *   "digest": false, "email": "pat@example.org", "slack_webhook": "https://hooks.slack.com/services/...",
 *   "teams_webhook": "https://...", "webhook": {"url": "https://...", "secret": "whsec_..."}}]}</pre>
 * The file holds webhook secrets: readable by the service's user only.
 */
public final class ManagerDirectory {
    public static final ManagerDirectory EMPTY = new ManagerDirectory(List.of());
    private final Map<String, Manager> byId;
    private final List<Manager> managers;

    private record File(@JsonProperty("managers") List<Manager> managers) {}

    public ManagerDirectory(List<Manager> managers) {
        for (Manager m : managers) {
            if (m.channels().isEmpty()) {
                throw new IllegalArgumentException("manager " + m.id() + " has no channel: give an email, a "
                        + "slack_webhook, a teams_webhook or a webhook");
            }
            if (m.timezone() != null) {
                try {
                    ZoneId.of(m.timezone());
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("manager " + m.id() + ": timezone " + m.timezone()
                            + " is not an IANA time zone such as Europe/Berlin");
                }
            }
        }
        this.managers = List.copyOf(managers);
        this.byId = managers.stream().collect(Collectors.toMap(Manager::id, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("two managers have the id " + a.id());
        }));
    }

    /** Reads the file; a missing or malformed file is an error naming it and what is wrong. */
    public static ManagerDirectory read(Path file) {
        try {
            File parsed = new ObjectMapper().readValue(Files.readAllBytes(file), File.class);
            return new ManagerDirectory(parsed.managers() == null ? List.of() : parsed.managers());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("managers file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The managers of a program, in the file's order. */
    public List<Manager> of(String programId) {
        return managers.stream().filter(m -> m.programs().contains(programId)).toList();
    }

    public Optional<Manager> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
