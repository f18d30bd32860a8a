package io.smsync.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.web.ApiError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading the JSON gateways post: one object per request, and the phone's time when it is readable. */
final class GatewayBodies {
    private static final Logger log = LoggerFactory.getLogger(GatewayBodies.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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
            throw new ApiError(400, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading an in-memory body cannot fail", e);
        }
    }

    /**
     * An ISO-8601 time with an offset, or null. An unreadable one is dropped rather than refused: the text
     * matters more, and a refusal would make the gateway retry the delivery for days.
     */
    static Instant phoneTime(String value, String gateway) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            log.info("{} TIMESTAMP UNREADABLE value={}", gateway, value);
            return null;
        }
    }
}
