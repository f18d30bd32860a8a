package io.smsync.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.config.GatewayConfig;
import io.smsync.store.Replies;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import io.smsync.store.Transactor;
import io.smsync.web.ApiError;
import io.smsync.web.RouteGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMSSync (Ushahidi): the phone posts each incoming text as a form, polls {@code GET ?task=send} for
 * queued replies, and confirms the ones it sent with {@code POST ?task=sent}. Answers in SMSSync's own shapes.
 */
public final class SmsSyncWebhook implements RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(SmsSyncWebhook.class);
    public static final String PATH = "/webhooks/smssync";
    public static final String SOURCE = "smssync";
    private static final int POLL_BATCH = 50;
    /** {@code sent_timestamp} values above this are milliseconds (what the app sends), else seconds (what its docs say). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private final GatewayConfig gateways;
    private final PhoneNumbers phones;
    private final IngestService ingest;
    private final Transactor writes;
    private final Jdbi reads;
    private final Replies replies;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public SmsSyncWebhook(GatewayConfig gateways, PhoneNumbers phones, IngestService ingest, Transactor writes, Jdbi reads,
                          Replies replies, Clock clock) {
        this.gateways = gateways;
        this.phones = phones;
        this.ingest = ingest;
        this.writes = writes;
        this.reads = reads;
        this.replies = replies;
        this.clock = clock;
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
        if (gateways.smssyncSecret() == null) {
            throw new ApiError(404, "the SMSSync endpoint is off; set SMSSYNC_SECRET to the secret configured in the app");
        }
    }

    private boolean secretMatches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                gateways.smssyncSecret().getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(Context ctx, int status, boolean success, String error) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("success", success);
        payload.put("error", error);
        ctx.status(status).json(Map.of("payload", payload));
    }

    private void receive(Context ctx) {
        if (!secretMatches(ctx.formParam("secret"))) {
            answer(ctx, 401, false, "secret: missing or wrong; set the same secret in SMSSync and SMSSYNC_SECRET");
            return;
        }
        String from = ctx.formParam("from");
        String text = ctx.formParam("message");
        if (from == null || from.isBlank()) {
            answer(ctx, 400, false, "from: required, the sender's number");
            return;
        }
        if (text == null) {
            answer(ctx, 400, false, "message: required (may be empty)");
            return;
        }
        Instant sentAt = timestamp(ctx.formParam("sent_timestamp"));
        String sentTo = ctx.formParam("sent_to");
        String guid = ctx.formParam("message_id");
        if (guid == null || guid.isBlank()) {
            // Old app versions send no id; these fields identify a retried upload of the same text.
            guid = "derived-" + sha256(ctx.formParam("device_id") + "|" + from + "|" + ctx.formParam("sent_timestamp") + "|" + text);
        }
        ingest.ingest(List.of(new InboundMessage(SOURCE, guid.trim(), phones.normalize(from),
                sentTo == null || sentTo.isBlank() ? "" : phones.normalize(sentTo), text.replace('\u0000', '\uFFFD'), sentAt)));
        answer(ctx, 200, true, null);
    }

    private void poll(Context ctx) {
        if (!secretMatches(ctx.queryParam("secret"))) {
            answer(ctx, 401, false, "secret: missing or wrong; set the same secret in SMSSync and SMSSYNC_SECRET");
            return;
        }
        // Handed out once and marked sent in the same transaction: with the app's Message Results API off (its
        // default) the phone texts whatever a poll returns and never confirms, so a reply kept queued would be
        // texted again on every poll. At most once beats at least once for an auto-reply.
        // A STOP recorded since the reply was queued wins: its auto-reply is skipped in the transaction that hands out.
        List<ReplyRow> skipped = new ArrayList<>();
        List<ReplyRow> handed = writes.inTransaction(h -> {
            skipped.clear();
            skipped.addAll(replies.skipOptedOut(h, ReplyStatus.QUEUED, null, clock.instant()));
            List<ReplyRow> queued = replies.queued(h, POLL_BATCH);
            List<String> taken = replies.markQueuedSent(h, queued.stream().map(ReplyRow::id).toList(), clock.instant());
            return queued.stream().filter(r -> taken.contains(r.id())).toList();
        });
        for (ReplyRow reply : skipped) {
            log.info("REPLY SKIPPED to={} batch={} reason={} reply={}", reply.recipient(), reply.batchId(), reply.reason(), reply.id());
        }
        List<Map<String, String>> messages = new ArrayList<>();
        for (ReplyRow reply : handed) {
            messages.add(Map.of("to", reply.recipient(), "message", reply.body(), "uuid", reply.id()));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("task", "send");
        payload.put("secret", gateways.smssyncSecret());
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
        try {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            JsonNode queued = body == null ? null : body.get("queued_messages");
            if (queued == null || !queued.isArray()) {
                throw new ApiError(400, "queued_messages: required, an array of the uuids the phone sent");
            }
            queued.forEach(uuid -> uuids.add(uuid.asText()));
        } catch (IOException e) {
            throw new ApiError(400, "body is not valid JSON: " + e.getMessage());
        }
        // With the Results API on, the phone confirms before it texts, and texts only the uuids answered here.
        List<String> sent = reads.withHandle(h -> replies.sentAmong(h, uuids));
        ctx.json(Map.of("message_uuids", sent));
    }

    private static Instant timestamp(String value) {
        if (value == null || !value.trim().matches("\\d{1,16}")) {
            return null;
        }
        long number = Long.parseLong(value.trim());
        return number > MILLIS_THRESHOLD ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
