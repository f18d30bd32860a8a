package io.smsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    /** Optional filters of a batch listing; null means "any". {@code senderContains} matches part of the number. */
    public record BatchFilter(String sender, String senderContains, BatchStatus status, String category, int limit) {
        public static BatchFilter bySender(String sender, int limit) {
            return new BatchFilter(sender, null, null, null, limit);
        }
    }

    /** Newest first, filtered. */
    public List<BatchDetail> list(BatchFilter filter) {
        return reads.withHandle(h -> {
            StringBuilder sql = new StringBuilder("SELECT " + BatchRow.COLUMNS + " FROM batches b WHERE 1 = 1");
            if (filter.sender() != null) {
                sql.append(" AND sender = :sender");
            }
            if (filter.senderContains() != null) {
                sql.append(" AND sender LIKE :senderLike ESCAPE '!'");
            }
            if (filter.status() != null) {
                sql.append(" AND status = :status");
            }
            if (filter.category() != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM classifications c WHERE c.batch_id = b.id AND c.category = :category)");
            }
            sql.append(" ORDER BY opened_at DESC, id DESC LIMIT :limit");
            var query = h.createQuery(sql.toString()).bind("limit", filter.limit());
            if (filter.sender() != null) {
                query.bind("sender", filter.sender());
            }
            if (filter.senderContains() != null) {
                query.bind("senderLike", "%" + filter.senderContains().replaceAll("[!%_]", "!$0") + "%");
            }
            if (filter.status() != null) {
                query.bind("status", filter.status().wireName());
            }
            if (filter.category() != null) {
                query.bind("category", filter.category());
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
        List<BatchDetail> batches = list(BatchFilter.bySender(number, recentBatches));
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

    /** Per-hour counts for the hours from {@code since} to {@code until}, for the dashboard's chart. */
    public List<HourCounts> timeline(Instant since, Instant until) {
        long from = since.toEpochMilli();
        return reads.withHandle(h -> {
            Map<Long, long[]> hours = new TreeMap<>();
            String[] queries = {
                "SELECT received_at / 3600000 AS hour, COUNT(*) AS n FROM messages WHERE received_at >= :from GROUP BY received_at / 3600000",
                "SELECT opened_at / 3600000 AS hour, COUNT(*) AS n FROM batches WHERE opened_at >= :from GROUP BY opened_at / 3600000",
                "SELECT created_at / 3600000 AS hour, COUNT(*) AS n FROM classifications WHERE method = 'llm' AND created_at >= :from "
                        + "GROUP BY created_at / 3600000",
                "SELECT sent_at / 3600000 AS hour, COUNT(*) AS n FROM replies WHERE status = 'sent' AND sent_at >= :from "
                        + "GROUP BY sent_at / 3600000"};
            for (int i = 0; i < queries.length; i++) {
                int column = i;
                h.createQuery(queries[i]).bind("from", from)
                        .map((rs, ctx) -> new long[] {rs.getLong("hour"), rs.getLong("n")})
                        .forEach(row -> hours.computeIfAbsent(row[0], k -> new long[4])[column] = row[1]);
            }
            List<HourCounts> out = new ArrayList<>();
            for (long hour = from / 3_600_000; hour <= until.toEpochMilli() / 3_600_000; hour++) {
                long[] n = hours.getOrDefault(hour, new long[4]);
                out.add(new HourCounts(Instant.ofEpochMilli(hour * 3_600_000), n[0], n[1], n[2], n[3]));
            }
            return out;
        });
    }

    public long openBatches() {
        return reads.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM batches WHERE status = 'open'").mapTo(Long.class).one());
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
