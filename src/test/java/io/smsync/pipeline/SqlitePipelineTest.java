package io.smsync.pipeline;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqlitePipelineTest extends PipelineContract {
    @TempDir
    Path dir;

    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.sqlite(dir);
    }
}
