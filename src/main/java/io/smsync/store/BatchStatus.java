package io.smsync.store;

import java.util.Locale;

/** A batch's life cycle: open → processing → done | failed. */
public enum BatchStatus {
    OPEN, PROCESSING, DONE, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
