package org.mentorpulse.streams.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.mentorpulse.config.KeyHashes;

/**
 * Each match's current state over HTTP, read from the alerting app's state store (interactive queries):
 * {@code GET /v1/matches/{id}} with {@code Authorization: Bearer <key>} answers its status, latest risk level and
 * score, each party's last contact and its open alerts with the steps ahead of them. With several instances
 * ({@code application.server} set), a match another instance holds is answered with a redirect to it.
 */
public final class MatchStateServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Javalin app;
    private final KafkaStreams streams;
    private final List<byte[]> keyHashes;
    private final HostInfo self;

    /**
     * @param keyHashes SHA-256 of the keys allowed to read ({@link KeyHashes}); none: every request is refused
     * @param self this instance's {@code application.server}, or null when it runs alone
     */
    public MatchStateServer(KafkaStreams streams, List<byte[]> keyHashes, HostInfo self) {
        this.streams = streams;
        this.keyHashes = List.copyOf(keyHashes);
        this.self = self;
        this.app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/v1/matches/{id}", this::match);
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    }

    private void match(Context ctx) throws Exception {
        String auth = ctx.header("Authorization");
        if (keyHashes.isEmpty() || auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)
                || KeyHashes.match(keyHashes, auth.substring(7).strip()) < 0) {
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", keyHashes.isEmpty()
                    ? "no key may read match state: configure alerts.http.key-sha256"
                    : "send a key allowed to read match state as 'Authorization: Bearer <key>'"));
            return;
        }
        String matchId = ctx.pathParam("id");
        AlertBook book;
        try {
            ReadOnlyKeyValueStore<String, AlertBook> books = streams.store(StoreQueryParameters.fromNameAndType(
                    AlertingApp.BOOKS, QueryableStoreTypes.<String, AlertBook>keyValueStore()));
            book = books.get(matchId);
        } catch (InvalidStateStoreException e) {
            ctx.header("Retry-After", "5").status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error",
                    "the alerting app is starting or rebalancing (" + streams.state() + "); try again shortly"));
            return;
        }
        if (book == null && self != null) {
            KeyQueryMetadata where = streams.queryMetadataForKey(AlertingApp.BOOKS, matchId, Serdes.String().serializer());
            HostInfo host = where.activeHost();
            if (!KeyQueryMetadata.NOT_AVAILABLE.equals(where) && !self.equals(host)) {
                ctx.redirect("http://" + host.host() + ":" + host.port() + "/v1/matches/" + matchId,
                        HttpStatus.TEMPORARY_REDIRECT);
                return;
            }
        }
        if (book == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no match " + matchId + " is known to the alerting app"));
            return;
        }
        ctx.contentType("application/json").result(JSON.writeValueAsString(book));
    }

    /** Starts listening and returns the bound port (0 picks a free one). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
