package io.smsync.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.config.GatewayConfig;
import io.smsync.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through Twilio's Messages REST API ({@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}).
 * Twilio has no idempotency key for Messages, so a send whose outcome is unknown must not be repeated blindly;
 * it can be looked up in the account's message list instead ({@link #wasAccepted}).
 */
public final class TwilioSender implements SmsSender {
    private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);
    private static final URI DEFAULT_API_URL = URI.create("https://api.twilio.com");
    private static final ObjectMapper JSON = Json.mapper();
    private static final int LOOKUP_PAGE = 100;

    private final HttpClient http;
    private final URI messagesUri;
    private final String authorization;
    private final String fromField;
    private final String fromValue;
    private final Duration timeout;


    /** @param timeout how long one request to the gateway may take before its outcome is unknown */
    public TwilioSender(GatewayConfig.Twilio twilio, HttpClient http, Duration timeout) {
        String accountSid = GatewayJson.required(twilio.accountSid(), "TWILIO_ACCOUNT_SID", "Twilio");
        this.http = http;
        this.timeout = timeout;
        String base = (twilio.apiUrl() == null ? DEFAULT_API_URL : twilio.apiUrl()).toString();
        this.messagesUri = URI.create(GatewayJson.stripSlash(base) + "/2010-04-01/Accounts/"
                + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/Messages.json");
        // An API key, when configured, is preferred: it can be revoked without rotating the account's auth token.
        boolean apiKey = twilio.apiKeySid() != null && twilio.apiKeySecret() != null;
        String user = apiKey ? twilio.apiKeySid() : accountSid;
        String secret = apiKey ? twilio.apiKeySecret() : GatewayJson.required(twilio.authToken(), "TWILIO_AUTH_TOKEN", "Twilio");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        // A messaging service picks the sender from its pool (and handles compliance), so it wins over a fixed From.
        if (twilio.messagingServiceSid() != null) {
            this.fromField = "MessagingServiceSid";
            this.fromValue = twilio.messagingServiceSid();
        } else {
            this.fromField = "From";
            this.fromValue = GatewayJson.required(twilio.from(), "TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID", "Twilio");
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
        HttpResponse<String> response = GatewayCall.send(http, request, "twilio", timeout, !idempotent());
        int status = response.statusCode();
        if (status / 100 == 2) {
            log.debug("twilio accepted reply={} sid={}", sms.id(), GatewayJson.field(response.body(), "sid"));
            return SendResult.ACCEPTED;
        }
        throw GatewayCall.failure("twilio", response, describeError(response.body()));
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public boolean canLookUp() {
        return true;
    }

    /**
     * Lists the account's messages to the recipient ({@code GET Messages.json?To=…&DateSent>=YYYY-MM-DD}, newest
     * first, one page) and looks for an outbound one with this body created at or after {@code since}. An older
     * reply with the same text counts as found only if created after {@code since}: when unsure, we do not text twice.
     */
    @Override
    public boolean wasAccepted(OutgoingSms sms, Instant since) {
        String query = "To=" + URLEncoder.encode(sms.to(), StandardCharsets.UTF_8)
                + "&" + URLEncoder.encode("DateSent>", StandardCharsets.UTF_8) + "=" + LocalDate.ofInstant(since, ZoneOffset.UTC)
                + "&PageSize=" + LOOKUP_PAGE;
        HttpRequest request = HttpRequest.newBuilder(URI.create(messagesUri + "?" + query))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = GatewayCall.send(http, request, "twilio lookup", timeout, false);
        if (response.statusCode() / 100 != 2) {
            throw new SendException("twilio lookup: HTTP " + response.statusCode() + " " + describeError(response.body()), false, null);
        }
        JsonNode messages;
        try {
            messages = JSON.readTree(response.body()).path("messages");
        } catch (IOException e) {
            throw new SendException("twilio lookup: the answer is not JSON: " + GatewayCall.excerpt(response.body()), false, e);
        }
        Instant from = since.truncatedTo(ChronoUnit.SECONDS);
        for (JsonNode message : messages) {
            if (sms.text().equals(message.path("body").asText(null))
                    && message.path("direction").asText("").startsWith("outbound")
                    && !created(message).isBefore(from)) {
                log.info("twilio has reply={} as sid={} status={}", sms.id(), message.path("sid").asText(), message.path("status").asText());
                return true;
            }
        }
        return false;
    }

    /** {@code date_created} is RFC 2822 ("Thu, 24 Aug 2023 05:01:45 +0000"); an unreadable one counts as recent. */
    private static Instant created(JsonNode message) {
        try {
            return ZonedDateTime.parse(message.path("date_created").asText(""), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    /** Twilio's error body: {@code {"code": 21211, "message": "…", "more_info": "…", "status": 400}}. */
    private static String describeError(String body) {
        String code = GatewayJson.field(body, "code");
        String message = GatewayJson.field(body, "message");
        if (code == null && message == null) {
            return GatewayCall.excerpt(body);
        }
        return "error " + code + ": " + message + (GatewayJson.field(body, "more_info") == null ? "" : " (" + GatewayJson.field(body, "more_info") + ")");
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
