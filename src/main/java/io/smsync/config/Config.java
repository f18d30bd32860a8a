package io.smsync.config;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.smsync.consolidate.WindowMode;
import io.smsync.events.EventType;
import io.smsync.http.LocalRequests;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * smsync's whole configuration, read from environment variables and validated at start, in one group per
 * concern, so that each part gets the group it needs.
 */
public record Config(Web web, Store store, Window window, Llm llm, Replies replies, GatewayConfig gateways,
                     String defaultRegion, List<String> ownNumbers, boolean logRedact, Events events, Alerts alerts) {

    /** Where smsync listens and the tokens that protect the generic webhook and the operator endpoints. */
    public record Web(String host, int port, String webhookToken, String adminToken) {
        /** True when smsync listens only on this machine. */
        public boolean loopbackOnly() {
            return isLoopback(host);
        }
    }

    /** The database and how long finished batches are kept. */
    public record Store(String databaseUrl, Duration retention) {
    }

    /** How a sender's burst is gathered into one batch; a zero {@code length} turns consolidation off. */
    public record Window(Duration length, WindowMode mode, Duration maxWait, int maxBatchMessages) {
        public boolean enabled() {
            return !length.isZero();
        }
    }

    /**
     * The LLM classifier; {@code categoriesFile} (null for the built-in categories) serves the rules as well.
     * {@code enabled} when a key or a server is given. {@code learnFrom}: how many of the LLM's most recent
     * verdicts the offline classifier learns from (0: none).
     */
    public record Llm(String apiKey, URI baseUrl, String model, Duration timeout, Path categoriesFile, boolean enabled,
                      int learnFrom) {
    }

    /** The auto-reply, the answer to HELP, the per-sender cooldown, whether spam gets the auto-reply, and which gateway sends. */
    public record Replies(boolean autoReplyEnabled, String autoReplyText, String helpText, Duration cooldown,
                          boolean replyToSpam, SenderKind sender) {
    }

    /**
     * Event webhooks from the environment: the endpoints' URLs, their shared secret ({@code whsec_…}; null: the stored
     * one, or a new one shown once) and the event types they take.
     */
    public record Events(List<URI> urls, String secret, Set<EventType> types) {
    }

    /** Alert texts: the numbers to text, the categories that alert, and the quiet period per customer. */
    public record Alerts(List<String> numbers, Set<String> categories, Duration quiet) {
        public boolean enabled() {
            return !numbers.isEmpty();
        }
    }

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)password=([^&;]*)");
    // Up to the last '@' before the path, as in maskDatabaseUrl, so a password holding '@' is taken whole.
    private static final Pattern PASSWORD_USER_INFO = Pattern.compile("//[^/:@]+:([^/]*)@");

    public static final String DEFAULT_REPLY_TEXT =
            "Thanks for your message! We received it and will get back to you shortly.";

    /** Parses and validates; throws {@link ConfigException} with one line naming the bad variable. */
    public static Config fromEnv(Map<String, String> environment) {
        EnvReader env = new EnvReader(environment);
        String host = env.string("SMSYNC_HOST", "127.0.0.1");
        int port = env.integer("SMSYNC_PORT", 8080, 0, 65_535);
        String databaseUrl = env.string("SMSYNC_DATABASE_URL", "jdbc:sqlite:smsync.db");
        if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("SMSYNC_DATABASE_URL: must start with jdbc:sqlite: or jdbc:postgresql: (got '"
                    + maskDatabaseUrl(databaseUrl) + "')");
        }
        Duration window = env.duration("SMSYNC_WINDOW", "60s");
        WindowMode mode = windowMode(env.string("SMSYNC_WINDOW_MODE", "fixed"));
        Duration maxWait = env.duration("SMSYNC_MAX_WAIT", "5m");
        if (mode == WindowMode.SLIDING && maxWait.compareTo(window) < 0) {
            throw new ConfigException("SMSYNC_MAX_WAIT: must be at least SMSYNC_WINDOW in sliding mode ("
                    + Durations.format(maxWait) + " < " + Durations.format(window) + ")");
        }
        int maxMessages = env.integer("SMSYNC_MAX_BATCH_MESSAGES", 50, 1, 100_000);
        String region = region(env.string("SMSYNC_DEFAULT_REGION", "US"));
        String apiKey = env.optional("OPENAI_API_KEY");
        URI baseUrl = baseUrl(env.string("OPENAI_BASE_URL", "https://api.openai.com/v1"));
        String model = env.string("SMSYNC_LLM_MODEL", "gpt-4o-mini");
        Duration llmTimeout = env.duration("SMSYNC_LLM_TIMEOUT", "10s");
        if (llmTimeout.isZero()) {
            throw new ConfigException("SMSYNC_LLM_TIMEOUT: must be more than 0");
        }
        Path categories = categoriesFile(env.optional("SMSYNC_CATEGORIES_FILE"));
        int learnFrom = env.integer("SMSYNC_LEARN_FROM_LLM", 2000, 0, 100_000);
        boolean replyEnabled = env.bool("SMS_AUTO_REPLY_ENABLED", true);
        String replyText = env.string("SMS_AUTO_REPLY_TEXT", DEFAULT_REPLY_TEXT);
        SenderKind sender = SenderKind.parse(env.string("SMSYNC_SENDER", "log"));
        String webhookToken = env.optional("SMSYNC_WEBHOOK_TOKEN");
        String adminToken = env.optional("SMSYNC_ADMIN_TOKEN");
        Duration cooldown = env.duration("SMSYNC_REPLY_COOLDOWN", "24h");
        GatewayConfig gateways = Gateways.read(env, sender);
        if (!isLoopback(host) && webhookToken == null && !Gateways.anyInboundSecret(gateways)) {
            throw new ConfigException("SMSYNC_HOST: binding to '" + host + "' needs a secret for every endpoint it opens,"
                    + " and none is set: set SMSYNC_WEBHOOK_TOKEN (the generic webhook) or a gateway secret (or bind to 127.0.0.1)");
        }
        List<String> ownNumbers = env.optional("SMSYNC_OWN_NUMBERS") == null ? List.of()
                : Arrays.stream(env.optional("SMSYNC_OWN_NUMBERS").split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        String helpText = env.string("SMSYNC_HELP_TEXT", "Reply STOP to opt out.");
        Duration retention = env.duration("SMSYNC_RETENTION", "90d");
        if (retention.isZero()) {
            throw new ConfigException("SMSYNC_RETENTION: must be more than 0 (e.g. 90d)");
        }
        boolean logRedact = env.bool("SMSYNC_LOG_REDACT", true);
        boolean replyToSpam = env.bool("SMSYNC_REPLY_TO_SPAM", false);
        Events events = Notifications.events(env);
        Alerts alerts = Notifications.alerts(env);
        return new Config(new Web(host, port, webhookToken, adminToken), new Store(databaseUrl, retention),
                new Window(window, mode, maxWait, maxMessages),
                // Ollama and llama.cpp need no key: naming a server is enough to use it.
                new Llm(apiKey, baseUrl, model, llmTimeout, categories, apiKey != null || env.optional("OPENAI_BASE_URL") != null,
                        learnFrom),
                new Replies(replyEnabled, replyText, helpText, cooldown, replyToSpam, sender), gateways, region, ownNumbers, logRedact,
                events, alerts);
    }

    public static Config defaults() {
        return fromEnv(Map.of());
    }

    private static WindowMode windowMode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "fixed" -> WindowMode.FIXED;
            case "sliding" -> WindowMode.SLIDING;
            default -> throw new ConfigException("SMSYNC_WINDOW_MODE: must be fixed or sliding (got '" + value + "')");
        };
    }

    private static String region(String value) {
        String region = value.toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new ConfigException("SMSYNC_DEFAULT_REGION: '" + value + "' is not a region code libphonenumber knows;"
                    + " use a two-letter ISO 3166 code such as US, GB or DE");
        }
        return region;
    }

    private static URI baseUrl(String value) {
        return httpUrl("OPENAI_BASE_URL", value, "https://api.openai.com/v1");
    }

    /** An http(s) URL with a host, else a {@link ConfigException} naming the variable and an example. */
    static URI httpUrl(String variable, String value, String example) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new ConfigException(variable + ": must be an http(s) URL such as " + example + " (got '" + maskDatabaseUrl(value) + "')");
    }

    private static Path categoriesFile(String value) {
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException("SMSYNC_CATEGORIES_FILE: cannot read '" + value + "' (no such file or not readable)");
        }
        return path;
    }

    static boolean isLoopback(String host) {
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        return LocalRequests.isLoopbackName(bracketed ? host.substring(1, host.length() - 1) : host);
    }

    /** True when batches are classified by the LLM (with the rules as fallback), not by the rules alone. */
    public boolean llmEnabled() {
        return llm.enabled();
    }

    /**
     * Every secret value this configuration holds (tokens, keys, passwords, and the passwords inside the
     * database and gateway URLs), so that logging can mask them wherever they turn up.
     */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        Stream.of(llm.apiKey(), events.secret(), web.webhookToken(), web.adminToken(), gateways.twilio().authToken(),
                        gateways.twilio().apiKeySecret(), gateways.smsgate().signingKey(), gateways.smsgate().password(),
                        gateways.httpsms().signingKey(), gateways.httpsms().apiKey(), gateways.smssync().secret())
                .filter(Objects::nonNull).forEach(secrets::add);
        secrets.addAll(urlPasswords(store.databaseUrl()));
        Stream.of(llm.baseUrl(), gateways.twilio().apiUrl(), gateways.smsgate().url(), gateways.httpsms().url())
                .filter(Objects::nonNull).forEach(url -> secrets.addAll(urlPasswords(url.toString())));
        return secrets;
    }

    /**
     * The passwords in a URL: each {@code password=} value up to {@code &}, {@code ;} or the end (a {@code ;}
     * typed for {@code &} makes the driver send it inside the user name, which the server's error quotes),
     * and the {@code user:password@} part; each also URL-decoded, as a driver decodes it.
     */
    static List<String> urlPasswords(String url) {
        List<String> passwords = new ArrayList<>();
        for (Pattern pattern : List.of(PASSWORD_PARAMETER, PASSWORD_USER_INFO)) {
            Matcher m = pattern.matcher(url);
            while (m.find()) {
                passwords.add(m.group(1));
                try {
                    passwords.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notEncoded) {
                    // a stray '%': the raw value is what the driver and the server see
                }
            }
        }
        return passwords;
    }

    /** The database URL with any password replaced by {@code ***}, for logs and errors. */
    public static String maskDatabaseUrl(String url) {
        // Up to the last '@' before the path, so a password that itself contains '@' is hidden whole.
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^/]*@", "$1***@");
    }

    /** The start-up block: what smsync runs with and how each endpoint is protected, without secrets. */
    public String describe() {
        String classifier = llmEnabled()
                ? "llm (" + llm.model() + " at " + maskDatabaseUrl(llm.baseUrl().toString())
                        + (llm.apiKey() == null ? ", no API key" : "") + ") with rules fallback"
                : "rules (offline; set OPENAI_API_KEY for the LLM)";
        return String.join("\n",
                "  database    " + maskDatabaseUrl(store.databaseUrl()),
                "  classifier  " + classifier,
                "  sender      " + replies.sender().wireName(),
                "  window      " + (window.enabled() ? Durations.format(window.length()) + " " + window.mode().name().toLowerCase(Locale.ROOT)
                        + (window.mode() == WindowMode.SLIDING ? " (max " + Durations.format(window.maxWait()) + ")" : "") : "off")
                        + ", max " + window.maxBatchMessages() + " messages",
                "  replies     " + (replies.autoReplyEnabled() ? "on, cooldown " + Durations.format(replies.cooldown()) : "off")
                        + ", retention " + Durations.format(store.retention()),
                "  events      " + (events.urls().isEmpty() ? "no endpoint in SMSYNC_EVENTS_URL (endpoints can be added at /api/endpoints)"
                        : events.urls().size() + " endpoint(s) from SMSYNC_EVENTS_URL, types " + EventType.join(events.types())),
                "  alerts      " + (alerts.enabled() ? alerts.numbers().size() + " number(s) for " + String.join(",", alerts.categories())
                        + ", quiet " + Durations.format(alerts.quiet()) + " per customer" : "off (SMSYNC_ALERT_NUMBERS unset)"),
                "  endpoints   " + String.join("\n              ", endpoints()));
    }

    /** Each inbound and operator endpoint with how it is protected, or why it is off. */
    List<String> endpoints() {
        boolean loopback = web.loopbackOnly();
        String generic = web.webhookToken() != null ? "bearer token or HMAC signature (SMSYNC_WEBHOOK_TOKEN)"
                : loopback ? "no token: requests from this machine only (not through a proxy)"
                : "off (a non-loopback bind needs SMSYNC_WEBHOOK_TOKEN)";
        String admin = web.adminToken() != null ? "admin token (SMSYNC_ADMIN_TOKEN): bearer or login"
                : loopback ? "no token: requests from this machine only (not through a proxy)"
                : "off (a non-loopback bind needs SMSYNC_ADMIN_TOKEN)";
        List<String> lines = new ArrayList<>();
        lines.add("POST /webhooks/sms      " + generic);
        lines.addAll(Gateways.endpoints(gateways));
        lines.add("/ and /api/*            " + admin);
        lines.add("/health, /metrics       open (no personal data)");
        return lines;
    }

    @Override
    public String toString() {
        return "Config[" + web.host() + ":" + web.port() + "\n" + describe() + "]";
    }
}
