package io.smsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** SQL for a batch's classification, stored once with the batch's result, and the LLM's verdicts to learn from. */
public final class Classifications {

    /** {@code offlineCategory}: what the offline classifier said when the LLM decided, else null. */
    public void insert(Handle h, String batchId, String category, double confidence, String method, String model,
                       String offlineCategory, Instant now) {
        h.createUpdate("INSERT INTO classifications (batch_id, category, confidence, method, model, offline_category, created_at) "
                        + "VALUES (:batchId, :category, :confidence, :method, :model, :offline, :now)")
                .bind("batchId", batchId).bind("category", category).bind("confidence", confidence)
                .bind("method", method).bind("model", model).bind("offline", offlineCategory).bind("now", now)
                .execute();
    }

    /** A batch's text and the category the LLM gave it. */
    public record Verdict(String category, String text) {
    }

    /**
     * The LLM's most recent verdicts, newest first, at most {@code limit}, each with its batch's text (messages
     * trimmed and joined with newlines in conversation order); batches whose messages were purged are left out.
     */
    public List<Verdict> recentLlmVerdicts(Handle h, int limit) {
        List<Map.Entry<String, String>> recent = h.createQuery("SELECT batch_id, category FROM classifications "
                        + "WHERE method = 'llm' ORDER BY created_at DESC, batch_id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> Map.entry(rs.getString("batch_id"), rs.getString("category")))
                .list();
        List<Verdict> verdicts = new ArrayList<>(recent.size());
        for (int from = 0; from < recent.size(); from += 500) {
            List<Map.Entry<String, String>> chunk = recent.subList(from, Math.min(recent.size(), from + 500));
            Map<String, List<String>> texts = new HashMap<>();
            h.createQuery("SELECT batch_id, body FROM messages WHERE batch_id IN (<ids>)" + Messages.CONVERSATION_ORDER)
                    .bindList("ids", chunk.stream().map(Map.Entry::getKey).toList())
                    .map((rs, ctx) -> Map.entry(rs.getString("batch_id"), rs.getString("body")))
                    .forEach(row -> texts.computeIfAbsent(row.getKey(), id -> new ArrayList<>()).add(row.getValue().trim()));
            for (Map.Entry<String, String> verdict : chunk) {
                List<String> bodies = texts.get(verdict.getKey());
                if (bodies != null) {
                    verdicts.add(new Verdict(verdict.getValue(), String.join("\n", bodies)));
                }
            }
        }
        return verdicts;
    }
}
