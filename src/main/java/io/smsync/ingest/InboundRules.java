package io.smsync.ingest;

import io.smsync.http.ApiError;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The rules every inbound path applies before a message is stored, whatever gateway it came through. Each
 * check names the field as that gateway's client wrote it ({@code payload.messageId}, {@code messages[2].guid});
 * a refusal is a 400.
 */
public final class InboundRules {
    /** Counted in UTF-16 chars after trimming; gateways' ids are ASCII, where both counts agree. */
    public static final int MAX_ID_CHARS = 256;
    /** Senders and recipients are phone numbers or short sender names; this bound keeps them indexable. */
    public static final int MAX_PARTY_CHARS = 256;
    /** Counted in Unicode code points, so an emoji is one character as a person counts it. */
    public static final int MAX_TEXT_CHARS = 10_000;
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    /** Epoch values above this are milliseconds (1e11 seconds is the year 5138). */
    private static final BigDecimal MILLIS_THRESHOLD = BigDecimal.valueOf(100_000_000_000L);

    private InboundRules() {
    }

    /**
     * A message id, trimmed: 1 to 256 characters. NUL and unpaired surrogates are refused rather than repaired,
     * because a repair could make two different ids one dedup key (and NUL cannot be stored on PostgreSQL).
     */
    public static String id(String value, String field) {
        String id = storable(value, field).trim();
        if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
            throw refused(field + ": required, a string of 1 to " + MAX_ID_CHARS + " characters (got " + id.length() + ")");
        }
        return id;
    }

    /** A sender or recipient as given (normalizing is the caller's): no NUL or unpaired surrogates, at most 256 characters. */
    public static String party(String value, String field) {
        String party = storable(value, field);
        if (party.length() > MAX_PARTY_CHARS) {
            throw refused(field + ": at most " + MAX_PARTY_CHARS + " characters (got " + party.length() + ")");
        }
        return party;
    }

    /**
     * The text, at most 10,000 characters, with what a store cannot hold replaced by U+FFFD: NUL (PostgreSQL
     * text refuses it) and unpaired UTF-16 surrogates (not encodable as UTF-8). All else is kept.
     */
    public static String text(String value, String field) {
        // No more chars than the limit means no more code points either: counting is needed only past it.
        if (value.length() > MAX_TEXT_CHARS) {
            int length = value.codePointCount(0, value.length());
            if (length > MAX_TEXT_CHARS) {
                throw refused(field + ": at most " + MAX_TEXT_CHARS + " characters (got " + length + ")");
            }
        }
        if (!hasUnstorable(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(unstorable(c) ? 0xFFFD : c));
        return out.toString();
    }

    /** Whether a phone's time is one smsync keeps: from the year 2000 up to (not including) 2200. */
    public static boolean withinBounds(Instant time) {
        return !time.isBefore(EARLIEST) && time.isBefore(LATEST);
    }

    /**
     * Epoch seconds, or milliseconds when above 1e11, as a time within bounds; null when outside them. The range
     * is checked on the decimal, before any conversion could overflow.
     */
    public static Instant fromEpoch(BigDecimal value) {
        BigDecimal seconds = value.compareTo(MILLIS_THRESHOLD) > 0 ? value.movePointLeft(3) : value;
        if (seconds.compareTo(BigDecimal.valueOf(EARLIEST.getEpochSecond())) < 0
                || seconds.compareTo(BigDecimal.valueOf(LATEST.getEpochSecond())) >= 0) {
            return null;
        }
        long whole = seconds.longValue();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static String storable(String value, String field) {
        if (hasUnstorable(value)) {
            throw refused(field + ": must not contain NUL (\\u0000) or unpaired surrogates");
        }
        return value;
    }

    /** Whether the value holds a NUL or an unpaired surrogate; a loop over chars, as this runs on every field of every message. */
    private static boolean hasUnstorable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return true;
                }
                i++; // a pair: one supplementary character
            }
        }
        return false;
    }

    private static boolean unstorable(int codePoint) {
        return codePoint == 0 || Character.getType(codePoint) == Character.SURROGATE;
    }

    private static ApiError refused(String message) {
        return new ApiError(400, message);
    }
}
