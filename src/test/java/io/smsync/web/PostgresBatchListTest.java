package io.smsync.web;

import io.smsync.testing.TestDatabases;

class PostgresBatchListTest extends BatchListContract {
    @Override
    protected String freshDatabaseUrl() {
        return TestDatabases.freshPostgresSchema();
    }
}
