package io.smsync.web;

import io.smsync.store.ReadModel.Position;
import io.smsync.http.ApiError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The opaque {@code next}/{@code before} value of batch listings: where a page ended, base64url-encoded. */
final class Cursor {
    private static final int MAX_LENGTH = 200;
    private static final Pattern PLAIN = Pattern.compile("(-?[0-9]{1,19}):([A-Za-z0-9_-]{1,100})");

    private Cursor() {
    }

    static String encode(Position position) {
        if (position == null) {
            return null;
        }
        String plain = position.openedAt().toEpochMilli() + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names; an {@link ApiError} 400 for anything this API did not give out. */
    static Position decode(String parameter, String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw bad(parameter);
        }
        try {
            Matcher plain = PLAIN.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!plain.matches()) {
                throw bad(parameter);
            }
            return new Position(Instant.ofEpochMilli(Long.parseLong(plain.group(1))), plain.group(2));
        } catch (IllegalArgumentException e) {
            throw bad(parameter);
        }
    }

    private static ApiError bad(String parameter) {
        return new ApiError(400, parameter + ": not a cursor from this API; pass the 'next' value of the previous page "
                + "unchanged");
    }
}
