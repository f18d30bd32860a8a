package io.smsync.web;

import io.javalin.http.Context;
import io.smsync.http.ApiError;
import io.smsync.store.ReadModel;

/** The {@code before} and {@code limit} parameters every listing takes. */
final class Paging {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private Paging() {
    }

    /** The position {@code before} names, or null for the newest page. */
    static ReadModel.Position before(Context ctx) {
        String value = ctx.queryParam("before");
        return value == null || value.isBlank() ? null : Cursor.decode("before", value.trim());
    }

    static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new ApiError(400, "limit: must be a whole number from 1 to " + MAX_LIMIT + " (got '" + value + "')");
    }
}
