package io.smsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The read side for the API: batch listings, one batch in full, and counters. Runs on the read pool. */
public final class ReadModel {
    /** How many code points of a batch's text a listing shows. */
    public static final int PREVIEW_LENGTH = 160;

    /** What {@link String#trim()} removes (every code point up to U+0020), less NUL, which SQL text cannot carry. */
    private static final String BLANKS = IntStream.rangeClosed(1, ' ')
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

    // In conversation order (as Messages.CONVERSATION_ORDER); start_at is where a message's text begins in the
    // batch's text, counting the newline before each message.
    private static final String PREVIEW_SQL = """
            SELECT batch_id, head, message_total FROM (
                SELECT batch_id, head,
                       SUM(LENGTH(head) + 1) OVER (PARTITION BY batch_id ORDER BY said_at, batch_seq ROWS UNBOUNDED PRECEDING)
                           - LENGTH(head) - 1 AS start_at,
                       COUNT(*) OVER (PARTITION BY batch_id) AS message_total,
                       ROW_NUMBER() OVER (PARTITION BY batch_id ORDER BY said_at, batch_seq) AS n
                FROM (SELECT batch_id, batch_seq, COALESCE(sent_at, received_at) AS said_at,
                             SUBSTR(TRIM(body, :blanks), 1, :clip) AS head
                      FROM messages WHERE batch_id IN (<ids>)) clipped
            ) placed
            WHERE start_at <= :length
            ORDER BY batch_id, n""";

    private final Jdbi reads;
    private final MessageSearch search;
    private final BatchHandling handling = new BatchHandling();

    public ReadModel(Jdbi reads, Dialect dialect) {
        this.reads = reads;
        this.search = new MessageSearch(dialect);
    }

    /** Where a listing continues: after the batch opened at {@code openedAt} with this id, in newest-first order. */
    public record Position(Instant openedAt, String id) {
    }

    /** One page of a listing, newest first; {@code next} is where the older page starts, null after the last page. */
    public record BatchPage(List<BatchSummary> batches, Position next) {
    }

    /**
     * Optional filters of a batch listing; null means "any". {@code query} matches words in the messages' texts (see
     * {@link MessageSearch}) or, when it looks like part of a phone number, part of the sender's number;
     * {@code handled} the operator's mark; {@code before} continues a listing after a page's {@code next}.
     */
    public record BatchFilter(String sender, String query, BatchStatus status, String category, Boolean handled,
                              Position before, int limit) {
        public static BatchFilter bySender(String sender, int limit) {
            return new BatchFilter(sender, null, null, null, null, null, limit);
        }
    }

    /** Digits with the punctuation people write numbers with: such a query (3 digits or more) also matches part of a number. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("[0-9 ()+.-]*[0-9][0-9 ()+.-]*");

    /** Newest first, filtered, one page; each batch with a preview of its text, never the whole text. */
    public BatchPage list(BatchFilter filter) {
        return reads.withHandle(h -> {
            StringBuilder sql = new StringBuilder("SELECT " + BatchRow.COLUMNS + " FROM batches b WHERE 1 = 1");
            if (filter.sender() != null) {
                sql.append(" AND sender = :sender");
            }
            List<String> words = filter.query() == null ? List.of() : MessageSearch.words(filter.query());
            String digits = filter.query() != null && NUMBER_LIKE.matcher(filter.query()).matches()
                    ? filter.query().replaceAll("[^0-9]", "") : null;
            if (digits != null && digits.length() < 3) {
                digits = null; // "3" or "12" would match nearly every number
            }
            if (filter.query() != null) {
                String byWords = words.isEmpty() ? "1 = 0" : search.batchCondition(words.size());
                sql.append(digits == null ? " AND " + byWords : " AND (sender LIKE :senderLike OR " + byWords + ")");
            }
            if (filter.handled() != null) {
                sql.append(" AND handled = :handled");
            }
            if (filter.status() != null) {
                sql.append(" AND status = :status");
            }
            if (filter.category() != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM classifications c WHERE c.batch_id = b.id AND c.category = :category)");
            }
            if (filter.before() != null) {
                sql.append(" AND (opened_at < :beforeAt OR (opened_at = :beforeAt AND id < :beforeId))");
            }
            // One more than asked says whether an older page exists.
            sql.append(" ORDER BY opened_at DESC, id DESC LIMIT :limit");
            var query = h.createQuery(sql.toString()).bind("limit", filter.limit() + 1);
            if (filter.sender() != null) {
                query.bind("sender", filter.sender());
            }
            if (digits != null) {
                query.bind("senderLike", "%" + digits + "%");
            }
            for (int i = 0; i < words.size(); i++) {
                query.bind("word" + i, search.match(words.get(i)));
            }
            if (filter.handled() != null) {
                query.bind("handled", filter.handled() ? 1 : 0);
            }
            if (filter.status() != null) {
                query.bind("status", filter.status());
            }
            if (filter.category() != null) {
                query.bind("category", filter.category());
            }
            if (filter.before() != null) {
                query.bind("beforeAt", filter.before().openedAt()).bind("beforeId", filter.before().id());
            }
            List<BatchRow> batches = query.mapTo(BatchRow.class).list();
            Position next = null;
            if (batches.size() > filter.limit()) {
                batches = batches.subList(0, filter.limit());
                next = new Position(batches.getLast().openedAt(), batches.getLast().id());
            }
            return new BatchPage(summaries(h, batches), next);
        });
    }

    /** One batch in full: every message and the whole text. */
    public Optional<BatchDetail> find(String id) {
        return reads.withHandle(h -> h.createQuery("SELECT " + BatchRow.COLUMNS + " FROM batches WHERE id = :id")
                .bind("id", id)
                .mapTo(BatchRow.class)
                .findOne()
                .map(batch -> new BatchDetail(batch, new Messages().ofBatch(h, id),
                        classifications(h, List.of(id)).get(id), replies(h, List.of(id)).get(id),
                        !handling.handledAmong(h, List.of(id)).isEmpty())));
    }

    private List<BatchSummary> summaries(Handle h, List<BatchRow> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        List<String> ids = batches.stream().map(BatchRow::id).toList();
        Map<String, Preview> previews = previews(h, ids);
        Map<String, ClassificationRow> classifications = classifications(h, ids);
        Map<String, ReplyRow> replies = replies(h, ids);
        Set<String> handled = handling.handledAmong(h, ids);
        List<BatchSummary> out = new ArrayList<>(batches.size());
        for (BatchRow batch : batches) {
            Preview preview = previews.getOrDefault(batch.id(), Preview.EMPTY);
            out.add(new BatchSummary(batch, preview.text(), preview.truncated(), classifications.get(batch.id()),
                    replies.get(batch.id()), handled.contains(batch.id())));
        }
        return out;
    }

    private record Preview(String text, boolean truncated) {
        static final Preview EMPTY = new Preview("", false);
    }

    /**
     * The start of each batch's text (see {@link MessageRow#batchText}) without reading whole messages out of the
     * database: each message leaves it clipped to one code point more than a preview holds, and only the messages
     * that begin inside the preview (found by a running total of clipped length plus the newline) leave it at all.
     */
    private static Map<String, Preview> previews(Handle h, List<String> ids) {
        Map<String, List<Head>> heads = h.createQuery(PREVIEW_SQL)
                .bindList("ids", ids)
                .bind("blanks", BLANKS)
                .bind("clip", PREVIEW_LENGTH + 1)
                .bind("length", PREVIEW_LENGTH)
                .map((rs, ctx) -> new Head(rs.getString("batch_id"), rs.getString("head"), rs.getLong("message_total")))
                .list().stream()
                .collect(Collectors.groupingBy(Head::batchId));
        Map<String, Preview> out = new HashMap<>();
        heads.forEach((batchId, parts) -> {
            String joined = parts.stream().map(Head::text).collect(Collectors.joining("\n"));
            boolean truncated = parts.size() < parts.getFirst().messageTotal()
                    || joined.codePointCount(0, joined.length()) > PREVIEW_LENGTH;
            out.put(batchId, new Preview(clip(joined), truncated));
        });
        return out;
    }

    private static String clip(String text) {
        return text.codePointCount(0, text.length()) <= PREVIEW_LENGTH ? text
                : text.substring(0, text.offsetByCodePoints(0, PREVIEW_LENGTH));
    }

    private record Head(String batchId, String text, long messageTotal) {
    }

    private static Map<String, ClassificationRow> classifications(Handle h, List<String> ids) {
        return h.createQuery("SELECT * FROM classifications WHERE batch_id IN (<ids>)")
                .bindList("ids", ids)
                .mapTo(ClassificationRow.class)
                .list().stream()
                .collect(Collectors.toMap(ClassificationRow::batchId, Function.identity()));
    }

    private static Map<String, ReplyRow> replies(Handle h, List<String> ids) {
        return h.createQuery("SELECT * FROM replies WHERE batch_id IN (<ids>)")
                .bindList("ids", ids)
                .mapTo(ReplyRow.class)
                .list().stream()
                .collect(Collectors.toMap(ReplyRow::batchId, Function.identity()));
    }

    /** A sender's opt-out state, last reply and recent batches; empty when smsync never heard of the number. */
    public Optional<SenderDetail> sender(String number, int recentBatches) {
        BatchPage batches = list(BatchFilter.bySender(number, recentBatches));
        return reads.withHandle(h -> {
            Optional<Senders.SenderRow> state = new Senders().find(h, number);
            if (state.isEmpty() && batches.batches().isEmpty()) {
                return Optional.empty();
            }
            Optional<ReplyRow> lastReply = h.createQuery("SELECT * FROM replies WHERE recipient = :number "
                            + "AND status <> :skipped ORDER BY created_at DESC LIMIT 1")
                    .bind("number", number).bind("skipped", ReplyStatus.SKIPPED)
                    .mapTo(ReplyRow.class)
                    .findOne();
            return Optional.of(new SenderDetail(number, state.orElse(null), lastReply.orElse(null), batches));
        });
    }

    /** A page of a sender's conversation, oldest first within the page (see {@link Conversations}). */
    public Conversations.Page conversation(String sender, Position before, int limit) {
        return reads.withHandle(h -> new Conversations().page(h, sender, before, limit));
    }

    /** A sender's stored state (opt-out, cooldown); empty when none was ever stored. */
    public Optional<Senders.SenderRow> senderState(String number) {
        return reads.withHandle(h -> new Senders().find(h, number));
    }

    /** A page of the audit log, newest first. */
    public AuditLog.Page audit(Position before, int limit) {
        return reads.withHandle(h -> new AuditLog().page(h, before, limit));
    }

    /** Per-hour counts for the hours from {@code since} to {@code until}, for the dashboard's chart. */
    public List<HourCounts> timeline(Instant since, Instant until) {
        long from = since.toEpochMilli();
        return reads.withHandle(h -> {
            Map<Long, long[]> hours = new TreeMap<>();
            List<Query> queries = List.of(
                h.createQuery("SELECT received_at / 3600000 AS hour, COUNT(*) AS n FROM messages WHERE received_at >= :from "
                        + "GROUP BY received_at / 3600000"),
                h.createQuery("SELECT opened_at / 3600000 AS hour, COUNT(*) AS n FROM batches WHERE opened_at >= :from "
                        + "GROUP BY opened_at / 3600000"),
                h.createQuery("SELECT created_at / 3600000 AS hour, COUNT(*) AS n FROM classifications WHERE method = 'llm' "
                        + "AND created_at >= :from GROUP BY created_at / 3600000"),
                h.createQuery("SELECT sent_at / 3600000 AS hour, COUNT(*) AS n FROM replies WHERE status = :sent "
                        + "AND sent_at >= :from GROUP BY sent_at / 3600000").bind("sent", ReplyStatus.SENT));
            for (int i = 0; i < queries.size(); i++) {
                int column = i;
                queries.get(i).bind("from", since)
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
        return reads.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM batches WHERE status = :open")
                .bind("open", BatchStatus.OPEN).mapTo(Long.class).one());
    }

    public Stats stats() {
        return reads.withHandle(h -> h.createQuery("SELECT "
                        + "(SELECT COUNT(*) FROM messages) AS messages_received, "
                        + "(SELECT COALESCE(SUM(duplicate_count), 0) FROM messages) "
                        + "+ (SELECT COALESCE(SUM(duplicate_count), 0) FROM seen_guids) AS duplicates, "
                        + "(SELECT COUNT(*) FROM batches WHERE status = :open) AS batches_open, "
                        + "(SELECT COUNT(*) FROM batches WHERE status = :done) AS batches_done, "
                        + "(SELECT COUNT(*) FROM batches WHERE status = :batchFailed) AS batches_failed, "
                        + "(SELECT COUNT(*) FROM classifications WHERE method = 'llm') AS classified_llm, "
                        + "(SELECT COUNT(*) FROM classifications WHERE method = 'rules') AS classified_rules, "
                        + "(SELECT COUNT(*) FROM replies WHERE status = :sent) AS replies_sent, "
                        + "(SELECT COUNT(*) FROM replies WHERE status = :skipped) AS replies_skipped, "
                        + "(SELECT COUNT(*) FROM replies WHERE status = :replyFailed) AS replies_failed, "
                        + "(SELECT COUNT(*) FROM classifications WHERE method = 'llm' AND offline_category IS NOT NULL) AS offline_compared, "
                        + "(SELECT COUNT(*) FROM classifications WHERE method = 'llm' AND offline_category = category) AS offline_agreed, "
                        + "(SELECT CAST(SUM(CASE WHEN offline_category = category THEN 1 ELSE 0 END) AS DOUBLE PRECISION) / COUNT(*) "
                        + "FROM classifications WHERE method = 'llm' AND offline_category IS NOT NULL) AS offline_agreement")
                .bind("open", BatchStatus.OPEN).bind("done", BatchStatus.DONE).bind("batchFailed", BatchStatus.FAILED)
                .bind("sent", ReplyStatus.SENT).bind("skipped", ReplyStatus.SKIPPED).bind("replyFailed", ReplyStatus.FAILED)
                .mapTo(Stats.class)
                .one());
    }
}
