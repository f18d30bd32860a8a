package io.smsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.http.Json;
import io.smsync.http.WebServer;
import java.util.List;
import java.util.Map;

/**
 * A benchmark peer, not part of smsync: the HTTP stack's ceiling. smsync's own {@link WebServer} (Javalin on
 * virtual threads, the same JSON mapper, filters and limits) with one route, {@code POST /webhooks/sms}, that
 * parses the JSON body and answers how many messages it held; nothing is checked or stored.
 * Usage: {@code NoopServer PORT} (binds 127.0.0.1; {@code GET /health} answers when it is up).
 */
public final class NoopServer {
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ObjectMapper json = Json.mapper();
        WebServer server = new WebServer(json, List.of(routes -> {
            routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
            routes.post("/webhooks/sms", ctx -> {
                JsonNode body = json.readTree(ctx.bodyInputStream());
                JsonNode messages = body.path("messages");
                int count = messages.isArray() ? messages.size() : 1;
                ctx.json(Map.of("accepted", count, "duplicates", 0));
            });
        })).start("127.0.0.1", port);
        System.out.println("no-op server listening on http://127.0.0.1:" + server.port());
    }
}
