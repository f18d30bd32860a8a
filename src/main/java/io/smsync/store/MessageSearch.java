package io.smsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word search in message texts: SQLite's FTS5 index {@code message_search} or PostgreSQL's full-text index on
 * {@code to_tsvector('simple', body)}. Both split texts into words of letters and digits, ignore case, and match a
 * query's words as prefixes ({@code book} finds "booking"); a batch matches when its messages hold every word.
 */
public final class MessageSearch {
    /** More words than this are ignored: a search box, not a document. */
    static final int MAX_WORDS = 8;
    private static final int MAX_WORD_LENGTH = 64;

    private final Dialect dialect;

    public MessageSearch(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The words of a query, lower case: runs of letters and digits; empty when it has none. */
    public static List<String> words(String query) {
        List<String> words = new ArrayList<>();
        for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && words.size() < MAX_WORDS) {
                words.add(word.length() > MAX_WORD_LENGTH ? word.substring(0, MAX_WORD_LENGTH) : word);
            }
        }
        return words;
    }

    /**
     * A condition on {@code b.id} (the batches table's alias) that holds when the batch's messages contain every
     * word; binds {@code :match}. Each word must be in one message of the batch.
     */
    String batchCondition(int words) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sql.append(i == 0 ? "" : " AND ").append(dialect == Dialect.SQLITE
                    ? "b.id IN (SELECT m.batch_id FROM message_search s JOIN messages m ON m.rowid = s.rowid "
                            + "WHERE message_search MATCH :word" + i + ")"
                    : "b.id IN (SELECT m.batch_id FROM messages m WHERE to_tsvector('simple', m.body) @@ to_tsquery('simple', :word" + i + "))");
        }
        return sql.toString();
    }

    /** The bound value of {@code :word<i>} for a word (letters and digits only, so no query syntax can get in). */
    String match(String word) {
        return dialect == Dialect.SQLITE ? "\"" + word + "\"*" : word + ":*";
    }
}
