package io.smsync.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.http.ApiError;
import io.smsync.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading what gateways post: one JSON object or one form per request, and the phone's time when it is usable. */
final class GatewayBodies {
    private static final Logger log = LoggerFactory.getLogger(GatewayBodies.class);
    private static final ObjectMapper JSON = Json.mapper();

    private GatewayBodies() {
    }

    /** The body as a JSON object, else a 400 naming what was expected ({@code what}, e.g. "an httpSMS CloudEvent"). */
    static JsonNode object(byte[] body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "the body must be a JSON object (" + what + ")");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "the body is not valid JSON " + JsonErrors.describe(e));
        } catch (IOException e) {
            // Only an undecodable encoding gets here: the body is already in memory.
            throw new ApiError(400, "the body is not valid JSON: the bytes are not valid UTF-8");
        }
    }

    /**
     * An {@code application/x-www-form-urlencoded} body as names and their values in order. Bytes that are not
     * UTF-8 are refused rather than replaced, so two different ids can never decode to one.
     */
    static Map<String, List<String>> form(byte[] body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body.length == 0) {
            return params;
        }
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c != '%') {
                bytes.write(c);
            } else if (i + 2 < encoded.length() && isHex(encoded.charAt(i + 1)) && isHex(encoded.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(encoded, i + 1, i + 3));
                i += 2;
            } else {
                throw new ApiError(400, "the body is not a valid form: '%' must be followed by two hex digits");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "the body is not a valid form: a percent-encoded value is not UTF-8");
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    /**
     * An ISO-8601 time with an offset within the years 2000 to 2200, or null. An unreadable or out-of-range one
     * is dropped rather than refused: the text matters more, and a refusal would make the gateway retry the
     * delivery for days.
     */
    static Instant phoneTime(String value, String gateway) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            return dropped(value, gateway);
        }
        return InboundRules.withinBounds(time) ? time : dropped(value, gateway);
    }

    static Instant dropped(String value, String gateway) {
        log.info("{} TIMESTAMP DROPPED value={}", gateway, value.length() <= 40 ? value : value.substring(0, 40) + "…");
        return null;
    }

    /** The object at {@code field}, else a 400 naming its {@code path} in the event. */
    static JsonNode requiredObject(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new ApiError(400, "missing field '" + path + "'");
        }
        return value;
    }

    /** The non-blank text at {@code field}, else a 400 naming its {@code path} in the event. */
    static String requiredText(JsonNode node, String field, String path) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new ApiError(400, "missing field '" + path + "'");
        }
        return value;
    }

    /** A scalar field as text, or null when it is absent, null or not a scalar. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }
}
