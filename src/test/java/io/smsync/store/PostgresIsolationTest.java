package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** smsync's PostgreSQL transactions are READ COMMITTED whatever the server's default, as its conditional updates expect. */
class PostgresIsolationTest {

    @Test
    void writes_and_reads_are_read_committed_on_a_server_whose_default_is_serializable() {
        String url = TestDatabases.freshPostgresSchema() + "&options=-c%20default_transaction_isolation%3Dserializable";
        String plain = Jdbi.create(url).withHandle(h -> h.createQuery("SHOW transaction_isolation").mapTo(String.class).one());
        assertThat(plain).as("a connection of the URL's own").isEqualTo("serializable");
        try (Database db = Database.open(url)) {
            String written = db.writes().inTransaction(h -> h.createQuery("SHOW transaction_isolation").mapTo(String.class).one());
            assertThat(written).isEqualTo("read committed");
            String read = db.reads().withHandle(h -> h.createQuery("SHOW transaction_isolation").mapTo(String.class).one());
            assertThat(read).isEqualTo("read committed");
        }
    }
}
