package io.smsync.store;

import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Runs write transactions. When {@code inTransaction} returns, the work is durably committed;
 * when it throws, none of it was. Throws {@link StoreUnavailableException} when the database cannot take writes.
 */
public interface Transactor extends AutoCloseable {
    <T> T inTransaction(Function<Handle, T> work);

    /** As {@link #inTransaction}, for work that returns nothing. */
    default void useTransaction(Consumer<Handle> work) {
        inTransaction(h -> {
            work.accept(h);
            return null;
        });
    }

    @Override
    void close();
}
