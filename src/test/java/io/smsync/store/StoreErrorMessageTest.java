package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing write's exception messages (which reach the logs) name the statement but quote no bound value and
 * no failing row: those hold customers' texts.
 */
class StoreErrorMessageTest {
    private static final String TEXT = "my door code is 4455";

    @TempDir
    Path dir;

    @Test
    void a_failing_sqlite_write_does_not_quote_its_values() {
        assertThat(failedWriteMessages(TestDatabases.sqlite(dir)))
                .contains("CHECK constraint failed", "[statement:\"INSERT INTO t VALUES (?, -1)\"]").doesNotContain(TEXT);
    }

    @Test
    void a_failing_postgres_write_does_not_quote_its_values_or_the_failing_row() {
        assertThat(failedWriteMessages(TestDatabases.freshPostgresSchema()))
                .contains("violates check constraint", "[statement:\"INSERT INTO t VALUES (?, -1)\"]").doesNotContain(TEXT);
    }

    @Test
    void a_postgres_url_that_asks_for_the_server_detail_gets_it() {
        assertThat(failedWriteMessages(TestDatabases.freshPostgresSchema() + "&logServerErrorDetail=true"))
                .contains("Failing row contains", TEXT);
    }

    /** The messages of the exception a write violating a CHECK constraint throws, and of all its causes. */
    private static String failedWriteMessages(String url) {
        try (Database database = Database.open(url)) {
            database.writes().inTransaction(h -> h.execute("CREATE TABLE t (body text, n int CHECK (n > 0))"));
            Throwable failure = catchThrowable(() -> database.writes().inTransaction(h -> h.execute("INSERT INTO t VALUES (?, -1)", TEXT)));
            assertThat(failure).isNotNull();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
            return messages.toString();
        }
    }
}
