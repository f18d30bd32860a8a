package io.smsync.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.config.GatewayConfig;
import io.smsync.crypto.Hmac;
import io.smsync.reply.Outbox;
import io.smsync.store.ReplyRow;
import io.smsync.http.ApiError;
import io.smsync.http.BodyBudget;
import io.smsync.http.Json;
import io.smsync.http.RouteGroup;
import io.smsync.sms.InboundMessage;
import io.smsync.sms.PhoneNumbers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMSSync (Ushahidi): the phone posts each incoming text as a form, polls {@code GET ?task=send} for
 * queued replies, and confirms the ones it sent with {@code POST ?task=sent}. Answers in SMSSync's own shapes.
 */
public final class SmsSyncWebhook implements RouteGroup {
    public static final String PATH = "/webhooks/smssync";
    public static final String SOURCE = "smssync";
    private static final int POLL_BATCH = 50;
    /**
     * The app posts one text and a few short fields; the secret is inside the form, so the body is read before it
     * can be checked, and this bound is kept tight.
     */
    static final int MAX_FORM_BYTES = BodyBudget.SMALL_BODY_BYTES;

    private final GatewayConfig gateways;
    private final PhoneNumbers phones;
    private final IngestService ingest;
    private final Outbox outbox;
    private final ObjectMapper json = Json.mapper();
    private final BodyBudget bodies;

    public SmsSyncWebhook(GatewayConfig gateways, PhoneNumbers phones, IngestService ingest, Outbox outbox,
                          BodyBudget bodies) {
        this.bodies = bodies;
        this.gateways = gateways;
        this.phones = phones;
        this.ingest = ingest;
        this.outbox = outbox;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(PATH, ctx -> {
            requireOn();
            if ("sent".equals(ctx.queryParam("task"))) {
                confirmSent(ctx);
            } else {
                receive(ctx);
            }
        });
        routes.get(PATH, ctx -> {
            requireOn();
            if (!"send".equals(ctx.queryParam("task"))) {
                throw new ApiError(400, "task: only task=send is served on GET");
            }
            poll(ctx);
        });
    }

    private void requireOn() {
        if (gateways.smssync().secret() == null) {
            throw new ApiError(404, "the SMSSync endpoint is off; set SMSSYNC_SECRET to the secret configured in the app");
        }
    }

    private boolean secretMatches(String presented) {
        return presented != null && Hmac.sameText(presented, gateways.smssync().secret());
    }

    private static void answer(Context ctx, int status, boolean success, String error) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("success", success);
        payload.put("error", error);
        ctx.status(status).json(Map.of("payload", payload));
    }

    private void receive(Context ctx) {
        try (BodyBudget.Body body = bodies.read(ctx, MAX_FORM_BYTES)) {
            receive(ctx, GatewayBodies.form(body.bytes()));
        } catch (ApiError e) {
            // Answered in SMSSync's own shape, which the app shows; what is left of the body is dropped first.
            BodyBudget.discardUnread(ctx);
            answer(ctx, e.status(), false, e.getMessage());
        }
    }

    private void receive(Context ctx, Map<String, List<String>> form) {
        if (!secretMatches(field(form, "secret"))) {
            answer(ctx, 401, false, "secret: missing or wrong; set the same secret in SMSSync and SMSSYNC_SECRET");
            return;
        }
        String from = field(form, "from");
        String text = field(form, "message");
        if (from == null || from.isBlank()) {
            answer(ctx, 400, false, "from: required, the sender's number");
            return;
        }
        if (text == null) {
            answer(ctx, 400, false, "message: required (may be empty)");
            return;
        }
        String sentTimestamp = field(form, "sent_timestamp");
        String sentTo = field(form, "sent_to");
        String guid = field(form, "message_id");
        if (guid == null || guid.isBlank()) {
            // Old app versions send no id; these fields identify a retried upload of the same text.
            guid = "derived-" + sha256(field(form, "device_id") + "|" + from + "|" + sentTimestamp + "|" + text);
        }
        ingest.ingest(List.of(new InboundMessage(SOURCE, InboundRules.id(guid, "message_id"),
                phones.normalize(InboundRules.party(from, "from")),
                sentTo == null || sentTo.isBlank() ? "" : phones.normalize(InboundRules.party(sentTo, "sent_to")),
                InboundRules.text(text, "message"), timestamp(sentTimestamp))));
        answer(ctx, 200, true, null);
    }

    private static String field(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private void poll(Context ctx) {
        if (!secretMatches(ctx.queryParam("secret"))) {
            answer(ctx, 401, false, "secret: missing or wrong; set the same secret in SMSSync and SMSSYNC_SECRET");
            return;
        }
        List<ReplyRow> handed = outbox.handOutQueued(POLL_BATCH);
        List<Map<String, String>> messages = new ArrayList<>();
        for (ReplyRow reply : handed) {
            messages.add(Map.of("to", reply.recipient(), "message", reply.body(), "uuid", reply.id()));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("task", "send");
        payload.put("secret", gateways.smssync().secret());
        payload.put("messages", messages);
        ctx.json(Map.of("payload", payload));
    }

    /**
     * The uuids themselves are the credential here: only a phone that polled with the secret received
     * them, and they cannot be guessed. A secret, when the request carries one, must still match.
     */
    private void confirmSent(Context ctx) {
        String secret = ctx.queryParam("secret");
        if (secret != null && !secretMatches(secret)) {
            answer(ctx, 401, false, "secret: wrong; set the same secret in SMSSync and SMSSYNC_SECRET");
            return;
        }
        List<String> uuids = new ArrayList<>();
        // Read before any credential is known (the uuids are the credential), so within the shared budget.
        try (BodyBudget.Body body = bodies.read(ctx, MAX_FORM_BYTES)) {
            JsonNode root = json.readTree(body.bytes());
            JsonNode queued = root == null ? null : root.get("queued_messages");
            if (queued == null || !queued.isArray()) {
                throw new ApiError(400, "queued_messages: required, an array of the uuids the phone sent");
            }
            queued.forEach(uuid -> uuids.add(uuid.asText()));
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "body is not valid JSON " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new ApiError(400, "the request body could not be read");
        }
        // With the Results API on, the phone confirms before it texts, and texts only the uuids answered here.
        List<String> sent = outbox.confirmSent(uuids);
        ctx.json(Map.of("message_uuids", sent));
    }

    /** Milliseconds (what the app sends) or seconds (what its docs say); an unreadable or out-of-range time is dropped. */
    private static Instant timestamp(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant time = value.trim().matches("\\d{1,19}") ? InboundRules.fromEpoch(new BigDecimal(value.trim())) : null;
        return time != null ? time : GatewayBodies.dropped(value, "SMSSYNC");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
