package io.smsync.alert;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAlertsTest extends AlertsContract {
    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.sqlite(dir);
    }
}
