package io.smsync.events;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The events smsync sends to webhook endpoints, by their wire names. */
public enum EventType {
    BATCH_CLASSIFIED, REPLY_SENT, REPLY_FAILED, REPLY_UNKNOWN, SENDER_OPTED_OUT, SENDER_OPTED_IN, MESSAGE_RECEIVED;

    /** The name in a webhook's {@code type}, such as {@code batch.classified}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
    }

    /** Every type but {@code message.received}, which is one event per text and only sent when asked for. */
    public static Set<EventType> defaults() {
        return EnumSet.complementOf(EnumSet.of(MESSAGE_RECEIVED));
    }

    /**
     * Parses a comma-separated list of wire names ({@code *} for every type); throws {@link IllegalArgumentException}
     * naming an unknown one and listing the known ones.
     */
    public static Set<EventType> parseList(String value) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (trimmed.equals("*")) {
                types.addAll(EnumSet.allOf(EventType.class));
            } else if (!trimmed.isEmpty()) {
                types.add(Arrays.stream(values()).filter(t -> t.wireName().equals(trimmed)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + trimmed + "'; known: " + known())));
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no event type given; known: " + known());
        }
        return types;
    }

    /** The wire names, comma-separated, in declaration order. */
    public static String join(Set<EventType> types) {
        return types.stream().sorted().map(EventType::wireName).collect(Collectors.joining(","));
    }

    public static String known() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }

    static List<EventType> all() {
        return List.of(values());
    }
}
