package io.smsync.web;

import io.smsync.testing.AppExtension;

class SqliteBatchListTest extends BatchListContract {
    @Override
    protected AppExtension database() {
        return AppExtension.sqlite();
    }
}
