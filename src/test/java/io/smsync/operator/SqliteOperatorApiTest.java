package io.smsync.operator;

import io.smsync.testing.AppExtension;

class SqliteOperatorApiTest extends OperatorApiContract {
    @Override
    protected AppExtension database() {
        return AppExtension.sqlite();
    }
}
