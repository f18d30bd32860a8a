package io.smsync.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.config.GatewayConfig;
import io.smsync.crypto.Hmac;
import io.smsync.reply.Outbox;
import io.smsync.http.ApiError;
import io.smsync.http.BodyBudget;
import io.smsync.http.RouteGroup;
import io.smsync.http.WebServer;
import io.smsync.sms.InboundMessage;
import io.smsync.sms.PhoneNumbers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/smsgate}: SMSGate's (capcom6 android-sms-gateway) webhook events,
 * checked with {@code X-Signature} / {@code X-Timestamp}. Stores {@code sms:received}, records delivery
 * reports for our replies, and acknowledges every other event so the app does not retry it.
 */
public final class SmsGateWebhook implements RouteGroup {
    public static final String PATH = "/webhooks/smsgate";
    public static final String SOURCE = "smsgate";
    /** SMSGate's docs recommend accepting timestamps within ±5 minutes, against replays. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(SmsGateWebhook.class);
    private static final Map<String, String> DELIVERY_EVENTS = Map.of(
            "sms:sent", "sent", "sms:delivered", "delivered", "sms:failed", "failed");

    private final GatewayConfig gateways;
    private final PhoneNumbers phones;
    private final IngestService ingest;
    private final Outbox outbox;
    private final Clock clock;
    private final BodyBudget bodies;

    public SmsGateWebhook(GatewayConfig gateways, PhoneNumbers phones, IngestService ingest, Outbox outbox,
                          Clock clock, BodyBudget bodies) {
        this.bodies = bodies;
        this.gateways = gateways;
        this.phones = phones;
        this.ingest = ingest;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(PATH, this::receive);
    }

    private void receive(Context ctx) {
        String key = gateways.smsgate().signingKey();
        if (key == null || key.isEmpty()) {
            throw new ApiError(404, "the SMSGate webhook is off: set SMSGATE_SIGNING_KEY (the app's Settings → Webhooks → Signing Key) to turn it on");
        }
        String signature = ctx.header("X-Signature");
        String timestamp = ctx.header("X-Timestamp");
        // The headers and the timestamp's age are checked before the body is read; the signature needs the body.
        checkHeaders(signature, timestamp);
        try (BodyBudget.Body body = bodies.read(ctx, (int) WebServer.MAX_BODY_BYTES)) {
            checkSignature(key, body.bytes(), signature, timestamp);
            handle(ctx, GatewayBodies.object(body.bytes(), "an SMSGate webhook event"));
        }
    }

    private void handle(Context ctx, JsonNode event) {
        String type = GatewayBodies.requiredText(event, "event", "event");
        if ("sms:received".equals(type)) {
            ctx.json(ingest.ingest(List.of(toMessage(GatewayBodies.requiredObject(event, "payload", "payload")))));
        } else if (DELIVERY_EVENTS.containsKey(type)) {
            // SMSGate reports our message id, which SmsGateSender set to the reply's id.
            String replyId = InboundRules.id(GatewayBodies.requiredText(GatewayBodies.requiredObject(event, "payload", "payload"), "messageId", "payload.messageId"),
                    "payload.messageId");
            String status = DELIVERY_EVENTS.get(type);
            boolean recorded = outbox.recordDelivery(replyId, status);
            if (!recorded) {
                log.info("SMSGATE DELIVERY FOR UNKNOWN REPLY id={} status={}", replyId, status);
            }
            ctx.json(Map.of("recorded", recorded));
        } else {
            // Pings, data SMS, MMS, …: acknowledged, or the app would retry them for days.
            ctx.json(Map.of("ignored", type));
        }
    }

    private void checkHeaders(String signature, String timestamp) {
        if (signature == null || timestamp == null) {
            log.warn("SMSGATE SIGNATURE REJECTED reason=missing {}", signature == null ? "X-Signature" : "X-Timestamp");
            throw new ApiError(401, "missing " + (signature == null ? "X-Signature" : "X-Timestamp")
                    + " header: SMSGate signs each request with the signing key set in SMSGATE_SIGNING_KEY");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(401, "X-Timestamp must be Unix time in seconds");
        }
        long skew = sentAt - clock.instant().getEpochSecond();
        if (Math.abs(skew) > MAX_CLOCK_SKEW.toSeconds()) {
            log.warn("SMSGATE SIGNATURE REJECTED reason=timestamp skew={}s", skew);
            throw new ApiError(401, "X-Timestamp is too " + (skew < 0 ? "old" : "far in the future") + " (" + Math.abs(skew)
                    + " s from this server's clock; at most " + MAX_CLOCK_SKEW.toSeconds() + " s is accepted)");
        }
    }

    /** The signature covers the raw body followed by the timestamp, so a replayed body needs a fresh timestamp too. */
    private static void checkSignature(String key, byte[] body, String signature, String timestamp) {
        byte[] signed = concat(body, timestamp.getBytes(StandardCharsets.UTF_8));
        byte[] expected = Hmac.sha256Hex(key, signed).getBytes(StandardCharsets.UTF_8);
        byte[] presented = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            log.warn("SMSGATE SIGNATURE REJECTED reason=wrong signature");
            throw new ApiError(401, "wrong X-Signature: expected hex HMAC-SHA256 of the raw body followed by X-Timestamp, "
                    + "keyed with SMSGATE_SIGNING_KEY");
        }
    }

    private InboundMessage toMessage(JsonNode payload) {
        // Dedup on the message id: the envelope id changes when the app delivers the same SMS again.
        String messageId = GatewayBodies.requiredText(payload, "messageId", "payload.messageId");
        // App versions before the sender/recipient fields name the sender only as phoneNumber.
        String sender = GatewayBodies.text(payload, "sender");
        if (sender == null || sender.isBlank()) {
            sender = GatewayBodies.text(payload, "phoneNumber");
        }
        if (sender == null || sender.isBlank()) {
            throw new ApiError(400, "missing field 'payload.sender' (or the older 'payload.phoneNumber')");
        }
        // An empty text is a real (if odd) SMS; only a missing one is a malformed event.
        String message = GatewayBodies.text(payload, "message");
        if (message == null) {
            throw new ApiError(400, "missing field 'payload.message'");
        }
        String recipient = GatewayBodies.text(payload, "recipient");
        return new InboundMessage(SOURCE, InboundRules.id(messageId, "payload.messageId"),
                phones.normalize(InboundRules.party(sender, "payload.sender")),
                recipient == null || recipient.isBlank() ? "" : phones.normalize(InboundRules.party(recipient, "payload.recipient")),
                InboundRules.text(message, "payload.message"), GatewayBodies.phoneTime(GatewayBodies.text(payload, "receivedAt"), "SMSGATE"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
