package io.smsync.store;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteUpgradeToV7Test extends UpgradeToV7Contract {
    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.sqlite(dir);
    }
}
