package io.smsync.pipeline;

import io.smsync.testing.TestDatabases;

class PostgresPipelineTest extends PipelineContract {
    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
