package io.smsync.store;

/**
 * Rows of values as one JSON array of arrays ({@code [["a",1,null],…]}), for SQLite's {@code json_each}: a group's
 * rows go to SQLite as one bound text and one statement, instead of a native call per value and per row (which
 * cost the writer more than SQLite's own work). Strings are escaped as JSON requires; nothing else is.
 */
final class JsonRows {
    private final StringBuilder text;
    private int rows;
    private boolean firstValue;

    /** @param expectedChars the text's likely length, so that it is not copied as it grows */
    JsonRows(int expectedChars) {
        text = new StringBuilder(Math.max(64, expectedChars));
    }

    /** Starts the next row. */
    JsonRows row() {
        text.append(rows == 0 ? "[[" : "],[");
        rows++;
        firstValue = true;
        return this;
    }

    JsonRows add(String value) {
        separate();
        if (value == null) {
            text.append("null");
            return this;
        }
        text.append('"');
        // Runs of characters that need no escape are copied whole; appending one character at a time cost more.
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                text.append(value, run, i);
                switch (c) {
                    case '"' -> text.append("\\\"");
                    case '\\' -> text.append("\\\\");
                    default -> text.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                }
                run = i + 1;
            }
        }
        text.append(value, run, value.length());
        text.append('"');
        return this;
    }

    JsonRows add(long value) {
        separate();
        text.append(value);
        return this;
    }

    /** A number, or null. */
    JsonRows add(Long value) {
        return value == null ? add((String) null) : add(value.longValue());
    }

    JsonRows add(boolean value) {
        separate();
        text.append(value ? '1' : '0');
        return this;
    }

    int rows() {
        return rows;
    }

    /** Characters so far: callers start a new statement before one text grows too large. */
    int length() {
        return text.length();
    }

    /** The JSON text of the rows so far, then starts empty again. */
    String take() {
        String json = rows == 0 ? "[]" : text.append("]]").toString();
        text.setLength(0);
        rows = 0;
        return json;
    }

    private void separate() {
        if (!firstValue) {
            text.append(',');
        }
        firstValue = false;
    }
}
