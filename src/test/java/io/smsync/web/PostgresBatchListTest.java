package io.smsync.web;

import io.smsync.testing.AppExtension;

class PostgresBatchListTest extends BatchListContract {
    @Override
    protected AppExtension database() {
        return AppExtension.postgres();
    }
}
