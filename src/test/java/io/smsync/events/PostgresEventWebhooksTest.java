package io.smsync.events;

import io.smsync.testing.TestDatabases;

class PostgresEventWebhooksTest extends EventWebhooksContract {
    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
