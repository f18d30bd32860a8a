package io.smsync.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.http.Json;
import io.smsync.store.BatchDetail;
import io.smsync.store.EventRows;
import io.smsync.store.Events;
import io.smsync.store.Ids;
import io.smsync.store.IngestListener;
import io.smsync.store.Intake;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes events in the caller's transaction, the one that makes the change they report (the outbox pattern): the
 * event and one pending delivery per endpoint that takes its type commit or roll back with the change. An event no
 * endpoint takes is not stored. The body is fixed here, so every attempt sends the same bytes.
 */
public final class EventLog implements IngestListener {
    private final Events events;
    private final Function<BatchDetail, Object> batchView;
    private final ObjectMapper json = Json.mapper();
    /**
     * The event types some active or paused endpoint takes: while none takes a type, its events skip the endpoints'
     * query (one per text, per batch classified, per reply sent). Every type until the first {@link #refresh}.
     */
    private volatile Set<EventType> wanted = EnumSet.allOf(EventType.class);

    /** @param batchView shapes a batch as {@code GET /api/batches/{id}} does, for {@code batch.classified} */
    public EventLog(Events events, Function<BatchDetail, Object> batchView) {
        this.events = events;
        this.batchView = batchView;
    }

    /** {@code batch.classified}: the batch as the API shows it, with its classification and reply decision. */
    public void batchClassified(Handle h, BatchDetail batch, Instant now) {
        record(h, EventType.BATCH_CLASSIFIED, () -> {
            ObjectNode data = json.createObjectNode();
            data.set("batch", json.valueToTree(batchView.apply(batch)));
            return data;
        }, now);
    }

    /** {@code reply.sent}, {@code reply.failed} or {@code reply.unknown} as a reply reaches that status; other moves send nothing. */
    public void replyChanged(Handle h, ReplyRow reply, ReplyStatus status, String error, Instant now) {
        EventType type = switch (status) {
            case SENT -> EventType.REPLY_SENT;
            case FAILED -> EventType.REPLY_FAILED;
            case UNKNOWN -> EventType.REPLY_UNKNOWN;
            default -> null;
        };
        if (type == null) {
            return;
        }
        record(h, type, () -> {
            ObjectNode data = json.createObjectNode();
            data.putObject("reply")
                    .put("id", reply.id())
                    .put("batch_id", reply.batchId())
                    .put("to", reply.recipient())
                    .put("text", reply.body())
                    .put("status", status.wireName())
                    .put("error", error)
                    .put("auto_reply", reply.autoReply());
            return data;
        }, now);
    }

    /** {@code sender.opted_out} or {@code sender.opted_in}, with the message that did it. */
    @Override
    public void optChanged(Handle h, String sender, boolean optedOut, String messageGuid, Instant now) {
        record(h, optedOut ? EventType.SENDER_OPTED_OUT : EventType.SENDER_OPTED_IN, () -> {
            ObjectNode data = json.createObjectNode();
            data.putObject("sender").put("number", sender).put("opted_out", optedOut);
            data.put("message_guid", messageGuid);
            return data;
        }, now);
    }

    /** {@code message.received}, for endpoints that ask for it. */
    @Override
    public void messageStored(Handle h, Intake.Arrival message, String batchId, Instant now) {
        record(h, EventType.MESSAGE_RECEIVED, () -> {
            ObjectNode data = json.createObjectNode();
            data.putObject("message")
                    .put("guid", message.guid())
                    .put("source", message.source())
                    .put("sender", message.sender())
                    .put("to", message.recipient().isEmpty() ? null : message.recipient())
                    .put("text", message.body())
                    .put("batch_id", batchId)
                    .put("received_at", now.toString())
                    .put("sent_at", message.sentAt() == null ? null : message.sentAt().toString());
            return data;
        }, now);
    }

    /** The event's data is built only when some endpoint takes it: a batch's view is a tree of all its messages. */
    private void record(Handle h, EventType type, Supplier<ObjectNode> data, Instant now) {
        if (!wanted.contains(type)) {
            return;
        }
        List<String> targets = new ArrayList<>();
        for (EventRows.Endpoint endpoint : events.receiving(h)) {
            if (takes(endpoint, type)) {
                targets.add(endpoint.id());
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("type", type.wireName());
        body.put("timestamp", now.toString());
        body.set("data", data.get());
        try {
            events.insertEvent(h, Ids.next("msg_", now), type.wireName(), json.writeValueAsString(body), now, targets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event body is a tree of plain values", e);
        }
    }

    private static boolean takes(EventRows.Endpoint endpoint, EventType type) {
        for (String name : endpoint.types().split(",")) {
            if (name.equals(type.wireName())) {
                return true;
            }
        }
        return false;
    }

    /** Looks again which event types the endpoints take (called by the dispatcher's scan and after endpoint changes). */
    public void refresh(Jdbi reads) {
        Set<EventType> taken = EnumSet.noneOf(EventType.class);
        for (EventRows.Endpoint endpoint : reads.withHandle(events::receiving)) {
            for (EventType type : EventType.values()) {
                if (takes(endpoint, type)) {
                    taken.add(type);
                }
            }
        }
        wanted = taken;
    }
}
