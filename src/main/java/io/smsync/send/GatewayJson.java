package io.smsync.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.http.Json;
import java.io.IOException;

/** What every gateway sender does with JSON and settings: write a request body, read an answer that may not be JSON. */
final class GatewayJson {
    private static final ObjectMapper JSON = Json.mapper();

    private GatewayJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** The answer as a JSON tree, or null when it is not JSON (a proxy's error page, say). */
    static JsonNode tree(String body) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return null;
        }
    }

    /** One top-level field of a JSON answer as text, or null. */
    static String field(String body, String name) {
        JsonNode node = tree(body);
        return node != null && node.hasNonNull(name) ? node.get(name).asText() : null;
    }

    /** A setting the sender cannot work without; the configuration checks it first, so this guards direct use. */
    static String required(String value, String variable, String gateway) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " must be set to send through " + gateway);
        }
        return value;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
