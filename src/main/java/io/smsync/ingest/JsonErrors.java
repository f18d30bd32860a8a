package io.smsync.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.Locale;

/**
 * Says why a body is not valid JSON in plain words, with where: the parser's own message names its classes
 * and settings and quotes the body, so it is never passed on.
 */
final class JsonErrors {
    private JsonErrors() {
    }

    /** {@code "at line 1, column 5: expected a value"}, or without the place when the parser gave none. */
    static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : "at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
        return where + reason(e);
    }

    private static String reason(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "the body ends before the JSON is complete";
        }
        if (e instanceof StreamConstraintsException) {
            return "nested too deeply or a value too long";
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase(Locale.ROOT);
        if (message.startsWith("duplicate field")) {
            return "the same key appears twice in one object";
        }
        if (message.startsWith("trailing token")) {
            return "there is more after the JSON value";
        }
        if (message.contains("double-quote to start field name")) {
            return "expected a key in double quotes";
        }
        if (message.contains("comma to separate object entries")) {
            return "expected ',' or '}' after a value in an object";
        }
        if (message.contains("comma to separate array entries")) {
            return "expected ',' or ']' after a value in an array";
        }
        if (message.contains("colon to separate field name")) {
            return "expected ':' after a key";
        }
        if (message.startsWith("unexpected close marker")) {
            return "a closing bracket does not match the opening one";
        }
        if (message.contains("illegal unquoted character") || message.contains("illegal character")) {
            return "a control character inside a string must be escaped";
        }
        if (message.contains("character escape")) {
            return "a backslash escape in a string is not one JSON allows";
        }
        if (message.contains("utf-8") || message.contains("utf-32") || message.contains("utf-16")) {
            return "the bytes are not valid UTF-8";
        }
        if (message.contains("expected a valid value") || message.startsWith("unrecognized token")
                || message.startsWith("unexpected character (")) {
            return "expected a value (a string in double quotes, a number, an object, an array, true, false or null)";
        }
        if (message.contains("numeric value") || message.contains("leading zero")) {
            return "a number is not written as JSON writes numbers";
        }
        return "the JSON is malformed";
    }
}
