package io.smsync.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.config.GatewayConfig;
import io.smsync.http.ApiError;
import io.smsync.http.BodyBudget;
import io.smsync.http.RouteGroup;
import io.smsync.http.WebServer;
import io.smsync.sms.InboundMessage;
import io.smsync.sms.PhoneNumbers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/httpsms}: httpSMS webhook events (CloudEvents 1.0 JSON), authenticated by
 * the HS256 JWT httpSMS signs with the webhook's signing key. Stores {@code message.phone.received} and
 * acknowledges every other event type.
 */
public final class HttpSmsWebhook implements RouteGroup {
    public static final String PATH = "/webhooks/httpsms";
    public static final String SOURCE = "httpsms";
    static final String RECEIVED = "message.phone.received";
    /** Clock skew tolerated on {@code exp} and {@code nbf}. */
    static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(HttpSmsWebhook.class);

    private final GatewayConfig gateways;
    private final PhoneNumbers phones;
    private final IngestService ingest;
    private final Clock clock;
    private final BodyBudget bodies;

    public HttpSmsWebhook(GatewayConfig gateways, PhoneNumbers phones, IngestService ingest, Clock clock, BodyBudget bodies) {
        this.bodies = bodies;
        this.gateways = gateways;
        this.phones = phones;
        this.ingest = ingest;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(PATH, this::receive);
    }

    private void receive(Context ctx) {
        String key = gateways.httpsms().signingKey();
        if (key == null || key.isEmpty() || gateways.publicUrl() == null) {
            throw new ApiError(404, "the httpSMS webhook is off: set HTTPSMS_SIGNING_KEY and SMSYNC_PUBLIC_URL");
        }
        // No Content-Type check: httpSMS posts its JSON without a Content-Type header.
        // The token is in a header, so it is checked before the body is read.
        authenticate(key, ctx.header("Authorization"));
        try (BodyBudget.Body body = bodies.read(ctx, (int) WebServer.MAX_BODY_BYTES)) {
            JsonNode event = GatewayBodies.object(body.bytes(), "an httpSMS CloudEvent");
            String type = GatewayBodies.requiredText(event, "type", "type");
            if (!RECEIVED.equals(type)) {
                // Sent, delivered, failed, heartbeat, …: acknowledged so httpSMS does not record a failed delivery.
                ctx.json(Map.of("ignored", type));
                return;
            }
            ctx.json(ingest.ingest(List.of(toMessage(GatewayBodies.requiredObject(event, "data", "data")))));
        }
    }

    private void authenticate(String key, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            log.warn("HTTPSMS TOKEN REJECTED reason=missing bearer token");
            throw new ApiError(401, "missing Authorization: Bearer <JWT> header: httpSMS sends one when the webhook has a signing key");
        }
        String audience = gateways.publicUrl() + PATH;
        try {
            Hs256Jwt.verify(authorization.substring(7).trim(), key, audience, clock.instant(), LEEWAY);
        } catch (Hs256Jwt.InvalidToken e) {
            log.warn("HTTPSMS TOKEN REJECTED reason={}", e.getMessage());
            throw new ApiError(401, "invalid httpSMS token: " + e.getMessage()
                    + " (it must be HS256-signed with HTTPSMS_SIGNING_KEY for the audience " + audience + ")");
        }
    }

    private InboundMessage toMessage(JsonNode data) {
        JsonNode encrypted = data.get("encrypted");
        if (encrypted != null && encrypted.asBoolean(false)) {
            throw new ApiError(422, "the message content is end-to-end encrypted and smsync has no key to decrypt it: "
                    + "turn off encryption in the httpSMS app for this phone (decryption is not supported in this version)");
        }
        // Dedup on the message id: the CloudEvent id is new on every delivery.
        String messageId = GatewayBodies.requiredText(data, "message_id", "data.message_id");
        String contact = GatewayBodies.requiredText(data, "contact", "data.contact");
        String owner = GatewayBodies.requiredText(data, "owner", "data.owner");
        JsonNode content = data.get("content");
        if (content == null || !content.isTextual()) {
            throw new ApiError(400, "missing field 'data.content'");
        }
        return new InboundMessage(SOURCE, InboundRules.id(messageId, "data.message_id"),
                phones.normalize(InboundRules.party(contact, "data.contact")), phones.normalize(InboundRules.party(owner, "data.owner")),
                InboundRules.text(content.asText(), "data.content"), GatewayBodies.phoneTime(GatewayBodies.text(data, "timestamp"), "HTTPSMS"));
    }
}
