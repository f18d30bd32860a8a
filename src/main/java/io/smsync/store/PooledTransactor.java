package io.smsync.store;

import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * PostgreSQL writes: a transaction per call on the pool, whose connections are all READ COMMITTED (see Database), retried
 * on deadlock or serialization failure.
 */
final class PooledTransactor implements Transactor {
    private static final int ATTEMPTS = 5;
    private final Jdbi jdbi;

    PooledTransactor(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work::apply);
            } catch (RuntimeException e) {
                if (Dialect.isRetryable(e) && attempt < ATTEMPTS) {
                    continue;
                }
                if (Dialect.isUnavailable(e)) {
                    throw new StoreUnavailableException("the database cannot take writes: " + e.getMessage(), e);
                }
                throw e;
            }
        }
    }

    @Override
    public void close() {
        // The pool belongs to Database, which closes it.
    }
}
