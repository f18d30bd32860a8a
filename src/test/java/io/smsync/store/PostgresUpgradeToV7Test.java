package io.smsync.store;

import io.smsync.testing.TestDatabases;

class PostgresUpgradeToV7Test extends UpgradeToV7Contract {
    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
