package io.smsync.web;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteBatchListTest extends BatchListContract {
    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.sqlite(dir);
    }
}
