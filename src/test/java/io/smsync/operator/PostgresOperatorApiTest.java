package io.smsync.operator;

import io.smsync.testing.AppExtension;

class PostgresOperatorApiTest extends OperatorApiContract {
    @Override
    protected AppExtension database() {
        return AppExtension.postgres();
    }
}
