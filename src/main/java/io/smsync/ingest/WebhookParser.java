package io.smsync.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smsync.http.ApiError;
import io.smsync.sms.InboundMessage;
import io.smsync.sms.PhoneNumbers;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the generic webhook's body: one message object or {@code {"messages": [...]}}.
 * Every problem is an {@link ApiError} (400, or 413 for too many messages) that names the message and the
 * field; the field rules are {@link InboundRules}. Unknown fields are ignored; a key repeated within one object
 * is refused, because which copy wins differs between JSON parsers, and the sender's side may have meant the
 * other one.
 */
public final class WebhookParser {
    public static final String SOURCE = "webhook";
    public static final int MAX_MESSAGES = 1000;
    public static final int MAX_GUID_CHARS = InboundRules.MAX_ID_CHARS;
    /** Epoch seconds or milliseconds written as a string, fractions allowed as in {@code time.time()}. */
    private static final Pattern EPOCH_TEXT = Pattern.compile("\\d{1,16}(\\.\\d{1,9})?");

    private final ObjectReader reader;
    private final PhoneNumbers phones;

    public WebhookParser(ObjectMapper json, PhoneNumbers phones) {
        this.reader = json.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.phones = phones;
    }

    /** The body's messages in order, or an {@link ApiError} naming the first problem found. */
    public List<InboundMessage> parse(byte[] body) {
        JsonNode root = readJson(body);
        if (!root.isObject()) {
            throw invalid("body: must be a JSON object, one message or {\"messages\": [...]} (got " + describe(root) + ")");
        }
        if (!root.has("messages")) {
            return List.of(message(root, ""));
        }
        JsonNode messages = root.get("messages");
        if (!messages.isArray()) {
            throw invalid("messages: must be an array of 1 to " + MAX_MESSAGES + " messages");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw new ApiError(413, "messages: at most " + MAX_MESSAGES + " messages per request (got " + messages.size() + ")");
        }
        if (messages.isEmpty()) {
            throw invalid("messages: 1 to " + MAX_MESSAGES + " messages (got 0)");
        }
        List<InboundMessage> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode node = messages.get(i);
            if (!node.isObject()) {
                throw invalid("messages[" + i + "]: must be a message object");
            }
            out.add(message(node, "messages[" + i + "]."));
        }
        return out;
    }

    private JsonNode readJson(byte[] body) {
        if (body.length == 0) {
            throw invalid("body is empty; send one message or {\"messages\": [...]} as JSON");
        }
        try {
            JsonNode root = reader.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw invalid("body is empty; send one message or {\"messages\": [...]} as JSON");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw invalid("body is not valid JSON " + JsonErrors.describe(e));
        } catch (IOException e) {
            // Only an undecodable encoding gets here: the body is already in memory.
            throw invalid("body is not valid JSON: the bytes are not valid UTF-8");
        }
    }

    private InboundMessage message(JsonNode node, String at) {
        String guid = InboundRules.id(requiredText(node, at, "guid", "required, a string of 1 to " + MAX_GUID_CHARS + " characters"),
                at + "guid");
        String number = InboundRules.party(requiredText(node, at, "number", "required, the sender's number as a string"),
                at + "number").trim();
        if (number.isEmpty()) {
            throw invalid(at + "number: required, the sender's number as a string (got an empty string)");
        }
        String text = InboundRules.text(requiredText(node, at, "message", "required, a string (may be empty)"), at + "message");
        return new InboundMessage(SOURCE, guid, phones.normalize(number), recipient(node, at), text, timestamp(node, at));
    }

    private static String requiredText(JsonNode node, String at, String field, String rule) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(at + field + ": " + rule + (value == null ? "" : " (got " + describe(value) + ")"));
        }
        return value.asText();
    }

    private String recipient(JsonNode node, String at) {
        JsonNode to = node.get("to");
        if (to == null || to.isNull()) {
            return "";
        }
        if (!to.isTextual()) {
            throw invalid(at + "to: must be a string, the line that received the message (got " + describe(to) + ")");
        }
        return phones.normalize(InboundRules.party(to.asText(), at + "to"));
    }

    private static Instant timestamp(JsonNode node, String at) {
        JsonNode value = node.get("timestamp");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            // Floats are read as BigDecimal, so 1e400 is a number out of range here, not an infinity.
            return fromEpoch(value.decimalValue(), at);
        }
        if (!value.isTextual()) {
            throw invalid(at + "timestamp: must be an ISO-8601 string or epoch seconds or milliseconds (got " + describe(value) + ")");
        }
        String text = value.asText().trim();
        if (EPOCH_TEXT.matcher(text).matches()) {
            return fromEpoch(new BigDecimal(text), at);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(at + "timestamp: must be ISO-8601 with an offset (2026-11-25T10:00:00Z) or epoch seconds"
                    + " or milliseconds (got '" + clip(value.asText()) + "')");
        }
        if (!InboundRules.withinBounds(instant)) {
            throw outOfRange(at, instant.toString());
        }
        return instant;
    }

    private static Instant fromEpoch(BigDecimal value, String at) {
        Instant instant = InboundRules.fromEpoch(value);
        if (instant == null) {
            String plain = value.toPlainString();
            throw outOfRange(at, plain.length() <= 40 ? plain : value.toString());
        }
        return instant;
    }

    private static ApiError outOfRange(String at, String got) {
        return invalid(at + "timestamp: must be between the years 2000 and 2200 (got " + got + ")");
    }

    /** Values quoted back in errors are clipped: an error names the problem, it does not echo the request. */
    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "a string";
        };
    }

    private static ApiError invalid(String message) {
        return new ApiError(400, message);
    }
}
