package io.smsync.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the generic webhook's body (contract §4): one message object or {@code {"messages": [...]}}.
 * Every problem is an {@link InvalidRequest} that names the message and the field. Unknown fields are
 * ignored; a key repeated within one object is refused, because which copy wins differs between JSON
 * parsers, and the sender's side may have meant the other one.
 */
public final class WebhookParser {
    public static final String SOURCE = "webhook";
    public static final int MAX_MESSAGES = 1000;
    /** Counted in UTF-16 chars after trimming; gateways' ids are ASCII, where both counts agree. */
    public static final int MAX_GUID_CHARS = 256;
    /** Counted in Unicode code points, so an emoji is one character as a person counts it. */
    public static final int MAX_TEXT_CHARS = 10_000;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    /** Epoch values above this are milliseconds (1e11 seconds is the year 5138). */
    private static final BigDecimal MILLIS_THRESHOLD = BigDecimal.valueOf(100_000_000_000L);
    /** Epoch seconds or milliseconds written as a string, fractions allowed as in {@code time.time()}. */
    private static final Pattern EPOCH_TEXT = Pattern.compile("\\d{1,16}(\\.\\d{1,9})?");

    /** A request the webhook refuses; {@link #status()} is 400, or 413 for too many messages. */
    public static final class InvalidRequest extends RuntimeException {
        private final int status;

        InvalidRequest(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final ObjectReader reader;
    private final PhoneNumbers phones;

    public WebhookParser(ObjectMapper json, PhoneNumbers phones) {
        this.reader = json.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.phones = phones;
    }

    /** The body's messages in order, or an {@link InvalidRequest} naming the first problem found. */
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
            throw new InvalidRequest(413, "messages: at most " + MAX_MESSAGES + " messages per request (got " + messages.size() + ")");
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
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw invalid("body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("body could not be read: " + e.getMessage());
        }
    }

    private InboundMessage message(JsonNode node, String at) {
        // Checked before trim(), which would silently drop a NUL at either end.
        String guid = storableId(requiredText(node, at, "guid", "required, a string of 1 to " + MAX_GUID_CHARS + " characters"),
                at, "guid").trim();
        if (guid.isEmpty() || guid.length() > MAX_GUID_CHARS) {
            throw invalid(at + "guid: required, a string of 1 to " + MAX_GUID_CHARS + " characters (got " + guid.length() + ")");
        }
        String number = storableId(requiredText(node, at, "number", "required, the sender's number as a string"), at, "number").trim();
        if (number.isEmpty()) {
            throw invalid(at + "number: required, the sender's number as a string (got an empty string)");
        }
        String text = requiredText(node, at, "message", "required, a string (may be empty)");
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT_CHARS) {
            throw invalid(at + "message: at most " + MAX_TEXT_CHARS + " characters (got " + length + ")");
        }
        return new InboundMessage(SOURCE, guid, phones.normalize(number), recipient(node, at), storable(text), timestamp(node, at));
    }

    /**
     * The text with what a store cannot hold replaced by U+FFFD: NUL (PostgreSQL text refuses it) and
     * unpaired UTF-16 surrogates (a lone surrogate escape in the JSON; not encodable as UTF-8). All else is kept.
     */
    private static String storable(String text) {
        if (text.codePoints().noneMatch(WebhookParser::unstorable)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(unstorable(c) ? 0xFFFD : c));
        return out.toString();
    }

    private static boolean unstorable(int codePoint) {
        return codePoint == 0 || Character.getType(codePoint) == Character.SURROGATE;
    }

    // An id is refused rather than repaired: two different ids must never become one dedup key.
    private static String storableId(String value, String at, String field) {
        if (value.codePoints().anyMatch(WebhookParser::unstorable)) {
            throw invalid(at + field + ": must not contain NUL (\\u0000) or unpaired surrogates");
        }
        return value;
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
        return phones.normalize(storableId(to.asText(), at, "to"));
    }

    private static Instant timestamp(JsonNode node, String at) {
        JsonNode value = node.get("timestamp");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
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
                    + " or milliseconds (got '" + value.asText() + "')");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw outOfRange(at, instant.toString());
        }
        return instant;
    }

    // The range is checked on the decimal, before any conversion could overflow.
    private static Instant fromEpoch(BigDecimal value, String at) {
        BigDecimal seconds = value.compareTo(MILLIS_THRESHOLD) > 0 ? value.movePointLeft(3) : value;
        if (seconds.compareTo(BigDecimal.valueOf(EARLIEST.getEpochSecond())) < 0
                || seconds.compareTo(BigDecimal.valueOf(LATEST.getEpochSecond())) >= 0) {
            throw outOfRange(at, value.toPlainString());
        }
        long whole = seconds.longValue();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static InvalidRequest outOfRange(String at, String got) {
        return invalid(at + "timestamp: must be between the years 2000 and 2200 (got " + got + ")");
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

    private static InvalidRequest invalid(String message) {
        return new InvalidRequest(400, message);
    }
}
