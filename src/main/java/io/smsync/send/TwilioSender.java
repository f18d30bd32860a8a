package io.smsync.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.config.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through Twilio's Messages REST API ({@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}).
 * Twilio has no idempotency key for Messages, so a send whose outcome is unknown must not be repeated.
 */
public final class TwilioSender implements SmsSender {
    private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);
    private static final URI DEFAULT_API_URL = URI.create("https://api.twilio.com");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI messagesUri;
    private final String authorization;
    private final String fromField;
    private final String fromValue;
    private final Duration timeout;

    public TwilioSender(GatewayConfig gateways, HttpClient http) {
        this(gateways, http, DEFAULT_TIMEOUT);
    }

    /** With a shorter request timeout, for tests. */
    TwilioSender(GatewayConfig gateways, HttpClient http, Duration timeout) {
        String accountSid = required(gateways.twilioAccountSid(), "TWILIO_ACCOUNT_SID");
        this.http = http;
        this.timeout = timeout;
        String base = (gateways.twilioApiUrl() == null ? DEFAULT_API_URL : gateways.twilioApiUrl()).toString();
        this.messagesUri = URI.create(stripSlash(base) + "/2010-04-01/Accounts/"
                + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/Messages.json");
        // An API key, when configured, is preferred: it can be revoked without rotating the account's auth token.
        boolean apiKey = gateways.twilioApiKeySid() != null && gateways.twilioApiKeySecret() != null;
        String user = apiKey ? gateways.twilioApiKeySid() : accountSid;
        String secret = apiKey ? gateways.twilioApiKeySecret() : required(gateways.twilioAuthToken(), "TWILIO_AUTH_TOKEN");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        // A messaging service picks the sender from its pool (and handles compliance), so it wins over a fixed From.
        if (gateways.twilioMessagingServiceSid() != null) {
            this.fromField = "MessagingServiceSid";
            this.fromValue = gateways.twilioMessagingServiceSid();
        } else {
            this.fromField = "From";
            this.fromValue = required(gateways.twilioFrom(), "TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID");
        }
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", sms.to());
        form.put(fromField, fromValue);
        form.put("Body", sms.text());
        HttpRequest request = HttpRequest.newBuilder(messagesUri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response = GatewayCall.send(http, request, "twilio", timeout);
        int status = response.statusCode();
        if (status / 100 == 2) {
            log.debug("twilio accepted reply={} sid={}", sms.id(), field(response.body(), "sid"));
            return SendResult.ACCEPTED;
        }
        // Twilio answered with an error, so it did not create the message: safe to retry.
        throw new SendException("twilio: HTTP " + status + " " + describeError(response.body()), true, null);
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    /** Twilio's error body: {@code {"code": 21211, "message": "…", "more_info": "…", "status": 400}}. */
    private static String describeError(String body) {
        String code = field(body, "code");
        String message = field(body, "message");
        if (code == null && message == null) {
            return GatewayCall.excerpt(body);
        }
        return "error " + code + ": " + message + (field(body, "more_info") == null ? "" : " (" + field(body, "more_info") + ")");
    }

    private static String field(String body, String name) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node != null && node.hasNonNull(name) ? node.get(name).asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String required(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " must be set to send through Twilio");
        }
        return value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
