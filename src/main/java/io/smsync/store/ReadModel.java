package io.smsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The read side for the API: batch listings, one batch in full, and counters. Runs on the read pool. */
public final class ReadModel {
    private final Jdbi reads;

    public ReadModel(Jdbi reads) {
        this.reads = reads;
    }

    /** Newest first; {@code sender} and {@code status} are optional exact filters. */
    public List<BatchDetail> list(String sender, BatchStatus status, int limit) {
        return reads.withHandle(h -> {
            StringBuilder sql = new StringBuilder("SELECT " + BatchRow.COLUMNS + " FROM batches WHERE 1 = 1");
            if (sender != null) {
                sql.append(" AND sender = :sender");
            }
            if (status != null) {
                sql.append(" AND status = :status");
            }
            sql.append(" ORDER BY opened_at DESC, id DESC LIMIT :limit");
            var query = h.createQuery(sql.toString()).bind("limit", limit);
            if (sender != null) {
                query.bind("sender", sender);
            }
            if (status != null) {
                query.bind("status", status.wireName());
            }
            List<BatchRow> batches = query.map((rs, ctx) -> BatchRow.map(rs)).list();
            return details(h, batches);
        });
    }

    public Optional<BatchDetail> find(String id) {
        return reads.withHandle(h -> h.createQuery("SELECT " + BatchRow.COLUMNS + " FROM batches WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> BatchRow.map(rs))
                .findOne()
                .map(batch -> details(h, List.of(batch)).getFirst()));
    }

    private List<BatchDetail> details(Handle h, List<BatchRow> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        List<String> ids = batches.stream().map(BatchRow::id).toList();
        Map<String, List<MessageRow>> messagesByBatch = h.createQuery("SELECT * FROM messages WHERE batch_id IN (<ids>)"
                        + Messages.CONVERSATION_ORDER)
                .bindList("ids", ids)
                .map((rs, ctx) -> MessageRow.map(rs))
                .list().stream()
                .collect(Collectors.groupingBy(MessageRow::batchId));
        Map<String, ClassificationRow> classifications = h.createQuery("SELECT * FROM classifications WHERE batch_id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> ClassificationRow.map(rs))
                .list().stream()
                .collect(Collectors.toMap(ClassificationRow::batchId, Function.identity()));
        Map<String, ReplyRow> replies = h.createQuery("SELECT * FROM replies WHERE batch_id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> ReplyRow.map(rs))
                .list().stream()
                .collect(Collectors.toMap(ReplyRow::batchId, Function.identity()));
        List<BatchDetail> out = new ArrayList<>(batches.size());
        for (BatchRow batch : batches) {
            out.add(new BatchDetail(batch, messagesByBatch.getOrDefault(batch.id(), List.of()),
                    classifications.get(batch.id()), replies.get(batch.id())));
        }
        return out;
    }

    /** A sender's opt-out state, last reply and recent batches; empty when smsync never heard of the number. */
    public Optional<SenderDetail> sender(String number, int recentBatches) {
        List<BatchDetail> batches = list(number, null, recentBatches);
        return reads.withHandle(h -> {
            Optional<Senders.SenderRow> state = new Senders().find(h, number);
            if (state.isEmpty() && batches.isEmpty()) {
                return Optional.empty();
            }
            Optional<ReplyRow> lastReply = h.createQuery("SELECT * FROM replies WHERE recipient = :number "
                            + "AND status <> 'skipped' ORDER BY created_at DESC LIMIT 1")
                    .bind("number", number)
                    .map((rs, ctx) -> ReplyRow.map(rs))
                    .findOne();
            return Optional.of(new SenderDetail(number, state.orElse(null), lastReply.orElse(null), batches));
        });
    }

    public Stats stats() {
        return reads.withHandle(h -> h.createQuery("SELECT "
                        + "(SELECT COUNT(*) FROM messages) AS messages_received, "
                        + "(SELECT COALESCE(SUM(duplicate_count), 0) FROM seen_guids) AS duplicates, "
                        + "(SELECT COUNT(*) FROM batches WHERE status = 'open') AS batches_open, "
                        + "(SELECT COUNT(*) FROM batches WHERE status = 'done') AS batches_done, "
                        + "(SELECT COUNT(*) FROM batches WHERE status = 'failed') AS batches_failed, "
                        + "(SELECT COUNT(*) FROM classifications WHERE method = 'llm') AS classified_llm, "
                        + "(SELECT COUNT(*) FROM classifications WHERE method = 'rules') AS classified_rules, "
                        + "(SELECT COUNT(*) FROM replies WHERE status = 'sent') AS replies_sent, "
                        + "(SELECT COUNT(*) FROM replies WHERE status = 'skipped') AS replies_skipped, "
                        + "(SELECT COUNT(*) FROM replies WHERE status = 'failed') AS replies_failed")
                .map((rs, ctx) -> new Stats(rs.getLong("messages_received"), rs.getLong("duplicates"),
                        rs.getLong("batches_open"), rs.getLong("batches_done"), rs.getLong("batches_failed"),
                        rs.getLong("classified_llm"), rs.getLong("classified_rules"), rs.getLong("replies_sent"),
                        rs.getLong("replies_skipped"), rs.getLong("replies_failed")))
                .one());
    }
}
