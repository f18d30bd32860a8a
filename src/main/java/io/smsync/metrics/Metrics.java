package io.smsync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * smsync's own meters, named for Prometheus ({@code smsync_…_total}, {@code _seconds}). Labels carry
 * only closed sets (source, method, category, outcome): never a number or a text.
 */
public final class Metrics {
    private final MeterRegistry registry;
    private final DistributionSummary messagesPerBatch;
    private final Timer closeLateness;
    private final Counter llmCallsSaved;
    private final Counter batchesOpened;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();

    public Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.messagesPerBatch = DistributionSummary.builder("smsync.batch.messages")
                .description("Messages per processed batch").baseUnit("messages")
                .serviceLevelObjectives(1, 2, 3, 5, 10, 20, 50)
                .register(registry);
        this.closeLateness = Timer.builder("smsync.batch.close.lateness")
                .description("How long after its deadline a batch was closed")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
        this.llmCallsSaved = Counter.builder("smsync.llm.calls.saved")
                .description("Classifications not needed because messages were consolidated into one batch")
                .register(registry);
        this.batchesOpened = Counter.builder("smsync.batches.opened").description("Batches opened").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counted per message: the counter is looked up once per source, not built per call. */
    public void messageAccepted(String source) {
        received.computeIfAbsent(source, s -> registry.counter("smsync.messages.received", "source", s)).increment();
    }

    public void duplicate(String source) {
        duplicates.computeIfAbsent(source, s -> registry.counter("smsync.duplicates", "source", s)).increment();
    }

    public void batchOpened() {
        batchesOpened.increment();
    }

    public void batchClaimed(Duration lateness) {
        closeLateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    /** A batch finished: {@code outcome} is done or failed. */
    public void batchClosed(String outcome, int messages) {
        registry.counter("smsync.batches.closed", "outcome", outcome).increment();
        if ("done".equals(outcome)) {
            messagesPerBatch.record(messages);
            llmCallsSaved.increment(Math.max(0, messages - 1));
        }
    }

    public void classified(String method, String category) {
        registry.counter("smsync.classifications", "method", method, "category", category).increment();
    }

    /** The LLM classified a batch and the offline classifier, asked about the same text, agreed or not. */
    public void offlineComparedWithLlm(boolean agreed) {
        registry.counter("smsync.offline.llm.comparisons", "agreed", Boolean.toString(agreed)).increment();
    }

    /** An event delivery attempt's outcome: delivered, retry, failed (for good) or gone (410: the endpoint disabled). */
    public void eventDelivery(String outcome) {
        registry.counter("smsync.event.deliveries", "outcome", outcome).increment();
    }

    /** A reply's outcome: sent, queued, skipped, failed, retry or unknown. */
    public void reply(String outcome) {
        registry.counter("smsync.replies", "outcome", outcome).increment();
    }
}
