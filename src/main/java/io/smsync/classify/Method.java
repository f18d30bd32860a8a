package io.smsync.classify;

import java.util.Locale;

/** How a classification was made. */
public enum Method {
    LLM,
    RULES;

    /** The name stored and shown in the API: {@code llm} or {@code rules}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
