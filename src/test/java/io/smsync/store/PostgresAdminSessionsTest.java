package io.smsync.store;

import io.smsync.testing.TestDatabases;

class PostgresAdminSessionsTest extends AdminSessionsContract {
    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
