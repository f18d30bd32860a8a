package io.smsync.events;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventWebhooksTest extends EventWebhooksContract {
    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.sqlite(dir);
    }
}
