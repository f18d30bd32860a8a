package io.smsync.store;

import io.smsync.testing.TestDatabases;

class PostgresClaimTest extends ClaimContract {
    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
