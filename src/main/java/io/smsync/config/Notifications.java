package io.smsync.config;

import io.smsync.events.EventType;
import io.smsync.events.WebhookSignature;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the event webhook and alert settings (SMSYNC_EVENTS_*, SMSYNC_ALERT_*). */
final class Notifications {
    private Notifications() {
    }

    static Config.Events events(EnvReader env) {
        List<URI> urls = list(env.optional("SMSYNC_EVENTS_URL")).stream()
                .map(url -> Config.httpUrl("SMSYNC_EVENTS_URL", url, "https://hooks.example.com/smsync"))
                .distinct().toList();
        String secret = env.optional("SMSYNC_EVENTS_SECRET");
        if (secret != null) {
            try {
                WebhookSignature.check(secret);
            } catch (IllegalArgumentException e) {
                // The message never quotes the value: it is a secret.
                throw new ConfigException("SMSYNC_EVENTS_SECRET: " + e.getMessage());
            }
        }
        String typeList = env.optional("SMSYNC_EVENTS_TYPES");
        Set<EventType> types;
        try {
            types = typeList == null ? EventType.defaults() : EventType.parseList(typeList);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SMSYNC_EVENTS_TYPES: " + e.getMessage());
        }
        return new Config.Events(urls, secret, types);
    }

    static Config.Alerts alerts(EnvReader env) {
        List<String> numbers = list(env.optional("SMSYNC_ALERT_NUMBERS"));
        Set<String> categories = new LinkedHashSet<>(list(env.string("SMSYNC_ALERT_CATEGORIES", "urgent")).stream()
                .map(c -> c.toLowerCase(Locale.ROOT)).toList());
        if (categories.isEmpty()) {
            throw new ConfigException("SMSYNC_ALERT_CATEGORIES: name at least one category (default urgent)");
        }
        return new Config.Alerts(numbers, Set.copyOf(categories), env.duration("SMSYNC_ALERT_QUIET", "15m"));
    }

    private static List<String> list(String value) {
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
