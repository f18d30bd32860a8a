package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** A database written by the V4 schema keeps its replies, opt-outs and messages through V7, and they become searchable. */
abstract class UpgradeToV7Contract {

    protected abstract String freshDatabaseUrl();

    @Test
    void replies_opt_outs_and_messages_of_an_older_schema_survive_and_old_texts_are_found_by_word() {
        String url = freshDatabaseUrl();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load().migrate();
        Jdbi old = Jdbi.create(url);
        old.useHandle(h -> {
            h.execute("INSERT INTO batches (id, sender, recipient, status, opened_at, last_message_at, due_at, message_count) "
                    + "VALUES ('b_1', '+16502530000', '', 'done', 1, 1, 2, 1)");
            h.execute("INSERT INTO messages (id, source, guid, batch_id, batch_seq, sender, recipient, body, received_at) "
                    + "VALUES ('m_1', 'sms', 'g1', 'b_1', 0, '+16502530000', '', 'my pipe burst', 1)");
            h.execute("INSERT INTO replies (id, batch_id, recipient, body, status, created_at, updated_at, auto_reply) "
                    + "VALUES ('r_1', 'b_1', '+16502530000', 'Thanks!', 'sent', 2, 2, 1)");
            h.execute("INSERT INTO senders (number, opted_out, opted_out_at) VALUES ('+16502530000', 1, 3)");
        });

        try (Database db = Database.open(url)) {
            ReplyRow reply = db.reads().withHandle(h -> new Replies().find(h, "r_1")).orElseThrow();
            assertThat(reply.origin()).isEqualTo(ReplyRow.AUTO);
            assertThat(reply.batchId()).isEqualTo("b_1");
            assertThat(reply.autoReply()).isTrue();
            Senders.SenderRow sender = db.reads().withHandle(h -> new Senders().find(h, "+16502530000")).orElseThrow();
            assertThat(sender.optedOut()).isTrue();
            assertThat(sender.optChangeBy()).isEqualTo(Senders.BY_SENDER);
            ReadModel read = new ReadModel(db.reads(), db.dialect());
            var found = read.list(new ReadModel.BatchFilter(null, "pipe", null, null, false, null, 10)).batches();
            assertThat(found).extracting(s -> s.batch().id()).containsExactly("b_1");
            List<Map<String, Object>> dupes = db.reads().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) AS n FROM replies WHERE batch_id = 'b_1'").mapToMap().list());
            assertThat(((Number) dupes.getFirst().get("n")).intValue()).isEqualTo(1);
        }
    }
}
