package io.smsync.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.http.ApiError;
import io.smsync.http.Json;
import io.smsync.http.RouteGroup;
import io.smsync.operator.OperatorActions;
import io.smsync.reply.Outbox.OperatorChange;
import io.smsync.store.AuditLog;
import io.smsync.store.ReadModel;
import io.smsync.store.ReplyRow;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The operator API: a sender's conversation, texting a sender, retrying or settling a reply, opting a sender out,
 * marking a batch handled, and the audit log of those actions. Guarded like all of {@code /api/*} by {@link AdminAccess}.
 */
public final class OperatorRoutes implements RouteGroup {
    /** Longer texts are refused: ten SMS segments of GSM-7, about what gateways and carriers take in one message. */
    static final int MAX_TEXT = 1600;
    private static final ObjectMapper JSON = Json.mapper();

    private final ReadModel readModel;
    private final OperatorActions actions;
    private final UnaryOperator<String> normalizeNumber;

    public OperatorRoutes(ReadModel readModel, OperatorActions actions, UnaryOperator<String> normalizeNumber) {
        this.readModel = readModel;
        this.actions = actions;
        this.normalizeNumber = normalizeNumber;
    }

    /** What a reply action answers: the reply's id and its state as the reader sees it. */
    record ReplyState(String id, String status) {
    }

    record OptOutState(String number, boolean optedOut) {
    }

    record HandledState(String id, boolean handled) {
    }

    record AuditItem(Instant at, String action, String target, String client, String detail) {
    }

    record AuditPage(List<AuditItem> items, String next) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/senders/{number}/conversation", this::conversation);
        routes.post("/api/senders/{number}/messages", this::send);
        routes.put("/api/senders/{number}/opt-out", this::optOut);
        routes.post("/api/replies/{id}/retry", this::retry);
        routes.post("/api/replies/{id}/settle", this::settle);
        routes.put("/api/batches/{id}/handled", this::handled);
        routes.get("/api/audit", this::audit);
    }

    private void conversation(Context ctx) {
        String number = number(ctx);
        ReadModel.Position before = Paging.before(ctx);
        int limit = Paging.limit(ctx);
        var state = readModel.senderState(number).orElse(null);
        var page = readModel.conversation(number, before, limit);
        if (state == null && page.items().isEmpty() && before == null) {
            throw new ApiError(404, "no messages from '" + number + "'");
        }
        ctx.json(ConversationView.of(number, state, page));
    }

    private void send(Context ctx) {
        String number = number(ctx);
        JsonNode body = body(ctx);
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual()) {
            throw new ApiError(400, "text: required, a string");
        }
        String value = text.asText();
        if (value.isBlank()) {
            throw new ApiError(400, "text: must not be empty");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_TEXT) {
            throw new ApiError(400, "text: at most " + MAX_TEXT + " characters (got " + length + ")");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new ApiError(400, "text: must not contain NUL characters");
        }
        if (!actions.knows(number)) {
            throw new ApiError(404, "'" + number + "' never wrote in: smsync texts only numbers that wrote to it");
        }
        OperatorChange change = actions.sendText(number, value, client(ctx));
        if (change.refused() != null) {
            throw new ApiError(409, "'" + number + "' opted out; nothing is sent to a number after its STOP");
        }
        ctx.status(202).json(state(change.reply()));
    }

    private void retry(Context ctx) {
        String id = ctx.pathParam("id");
        OperatorChange change = actions.retry(id, client(ctx));
        if (change.refused() != null) {
            throw switch (change.refused()) {
                case NO_SUCH_REPLY -> new ApiError(404, "no reply with id '" + id + "'");
                case OPTED_OUT -> new ApiError(409, "the recipient opted out; the reply is not sent again");
                case WRONG_STATE -> new ApiError(409, "only a failed reply (or an unknown one settled as not sent) can be "
                        + "retried; this one is " + change.reply().shownStatus());
            };
        }
        ctx.status(202).json(state(change.reply()));
    }

    private void settle(Context ctx) {
        String id = ctx.pathParam("id");
        JsonNode outcome = body(ctx).get("outcome");
        if (outcome == null || !List.of("sent", "not_sent").contains(outcome.asText()) || !outcome.isTextual()) {
            throw new ApiError(400, "outcome: required, \"sent\" or \"not_sent\"");
        }
        OperatorChange change = actions.settle(id, outcome.asText().equals("sent"), client(ctx));
        if (change.refused() != null) {
            throw change.refused() == OperatorChange.Refused.NO_SUCH_REPLY
                    ? new ApiError(404, "no reply with id '" + id + "'")
                    : new ApiError(409, "only a reply whose outcome is unknown can be settled; this one is "
                            + change.reply().shownStatus());
        }
        ctx.json(state(change.reply()));
    }

    private void optOut(Context ctx) {
        String number = number(ctx);
        boolean optedOut = flag(body(ctx), "opted_out");
        if (actions.setOptedOut(number, optedOut, client(ctx)) == OperatorActions.OptOutChange.REFUSED_SENDERS_OWN_STOP) {
            throw new ApiError(409, "'" + number + "' opted out by texting STOP; only their own START (or UNSTOP, YES) "
                    + "opts them back in");
        }
        ctx.json(new OptOutState(number, optedOut));
    }

    private void handled(Context ctx) {
        String id = ctx.pathParam("id");
        boolean handled = flag(body(ctx), "handled");
        if (!actions.markHandled(id, handled, client(ctx))) {
            throw new ApiError(404, "no batch with id '" + id + "'");
        }
        ctx.json(new HandledState(id, handled));
    }

    private void audit(Context ctx) {
        AuditLog.Page page = readModel.audit(Paging.before(ctx), Paging.limit(ctx));
        ctx.json(new AuditPage(page.items().stream()
                .map(e -> new AuditItem(e.at(), e.action(), e.target(), e.client(), e.detail())).toList(),
                Cursor.encode(page.next())));
    }

    private String number(Context ctx) {
        String raw = ctx.pathParam("number").trim();
        if (raw.isEmpty() || raw.length() > 256) {
            throw new ApiError(400, "number: 1 to 256 characters");
        }
        return normalizeNumber.apply(raw);
    }

    private static ReplyState state(ReplyRow reply) {
        return new ReplyState(reply.id(), reply.shownStatus());
    }

    private static boolean flag(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isBoolean()) {
            throw new ApiError(400, name + ": required, true or false");
        }
        return value.booleanValue();
    }

    /** A JSON object body; 415 for another type, 400 for bad JSON. */
    private static JsonNode body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the body as application/json");
        }
        try {
            JsonNode node = JSON.readTree(ctx.bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "body: must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ApiError(400, "body is not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()));
        } catch (IOException e) {
            throw new ApiError(400, "body could not be read");
        }
    }

    private static String client(Context ctx) {
        return LoginThrottle.clientAddress(ctx.ip(), ctx.header("X-Forwarded-For"));
    }
}
