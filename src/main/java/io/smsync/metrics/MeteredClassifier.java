package io.smsync.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smsync.classify.Classification;
import io.smsync.classify.Classifier;

/** Times each LLM call and counts its failures; wraps the LLM client inside the fallback. */
public final class MeteredClassifier implements Classifier {
    private final Classifier llm;
    private final Timer latency;
    private final MeterRegistry registry;

    public MeteredClassifier(Classifier llm, MeterRegistry registry) {
        this.llm = llm;
        this.registry = registry;
        this.latency = Timer.builder("smsync.llm.request").description("LLM classification calls, failures included")
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public Classification classify(String text) {
        Timer.Sample sample = Timer.start(registry);
        try {
            return llm.classify(text);
        } catch (RuntimeException e) {
            registry.counter("smsync.llm.failures").increment();
            throw e;
        } finally {
            sample.stop(latency);
        }
    }
}
