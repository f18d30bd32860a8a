package io.smsync.alert;

import io.smsync.testing.TestDatabases;

class PostgresAlertsTest extends AlertsContract {
    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
