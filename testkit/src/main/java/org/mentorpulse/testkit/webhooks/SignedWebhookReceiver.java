package org.mentorpulse.testkit.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver on loopback that checks the Standard Webhooks signature as a receiver would (its own code,
 * not the sender's): answers 204 to a correctly signed request, 401 otherwise; can be told to answer 503 first.
 * What the tests and the demo deliver generic webhooks to.
 */
public final class SignedWebhookReceiver implements AutoCloseable {
    public record Received(String id, String timestamp, String body, boolean signatureValid) {}

    private final HttpServer server;
    private final byte[] key;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();

    /**
     * @param secret {@code whsec_} and the base64 key, as Standard Webhooks writes it; null: a receiver of
     *     unsigned webhooks (Slack's and Teams' incoming webhooks), which takes every request
     */
    public SignedWebhookReceiver(String secret) throws IOException {
        this.key = secret == null ? null : Base64.getDecoder().decode(secret.substring("whsec_".length()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = key == null || id != null && ts != null && sig != null && verify(id, ts, body, sig);
            int status;
            synchronized (received) {
                if (failFirst.getAndDecrement() > 0) {
                    status = 503;
                } else {
                    received.add(new Received(id, ts, body, valid));
                    status = valid ? 204 : 401;
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next {@code n} requests are answered 503, as a receiver that is briefly away would. */
    public void failNext(int n) {
        failFirst.set(n);
    }

    /** What it has received, in order. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Any of the space-separated {@code v1,<base64>} signatures matching is enough, compared in constant time. */
    private boolean verify(String id, String ts, String body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String candidate : header.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
