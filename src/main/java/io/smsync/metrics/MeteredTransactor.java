package io.smsync.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smsync.store.Transactor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** Times every write transaction, queueing and commit included: what a webhook waits for. */
public final class MeteredTransactor implements Transactor {
    private final Transactor writes;
    private final Timer latency;

    public MeteredTransactor(Transactor writes, MeterRegistry registry) {
        this.writes = writes;
        this.latency = Timer.builder("smsync.store.write").description("Store write transactions until committed")
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public <T> T inTransaction(Function<Handle, T> work) {
        long start = System.nanoTime();
        try {
            return writes.inTransaction(work);
        } finally {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        writes.close();
    }
}
