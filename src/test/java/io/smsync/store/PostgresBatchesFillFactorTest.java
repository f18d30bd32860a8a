package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.TestDatabases;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** V9 (PostgreSQL): a database made by V8 keeps its batches, and the batches table leaves room on its pages for updates. */
class PostgresBatchesFillFactorTest {

    @Test
    void a_v8_database_keeps_its_batches_and_its_batch_pages_keep_half_free_for_updates() {
        String url = TestDatabases.freshPostgresSchema();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration", "classpath:db/postgresql")
                .placeholders(Dialect.POSTGRES.placeholders()).target("8").load().migrate();
        Jdbi.create(url).useHandle(h -> {
            h.execute("INSERT INTO batches (id, sender, recipient, open_key, status, opened_at, last_message_at, due_at, message_count) "
                    + "VALUES ('b_1', '+16502530000', '', '+16502530000\u001f', 'open', 1, 1, 60001, 1)");
            h.execute("INSERT INTO messages (source, guid, batch_id, batch_seq, sender, recipient, body, received_at) "
                    + "VALUES ('webhook', 'g1', 'b_1', 1, '+16502530000', '', 'is the shop open?', 1)");
        });

        try (Database db = Database.open(url)) {
            List<String> options = db.reads().withHandle(h -> h.createQuery(
                    "SELECT unnest(reloptions) FROM pg_class WHERE oid = 'batches'::regclass").mapTo(String.class).list());
            assertThat(options).containsExactly("fillfactor=50");
            BatchDetail batch = new ReadModel(db.reads(), db.dialect()).find("b_1").orElseThrow();
            assertThat(batch.batch().messageCount()).isEqualTo(1);
            assertThat(batch.messages()).extracting(MessageRow::body).containsExactly("is the shop open?");
        }
    }
}
