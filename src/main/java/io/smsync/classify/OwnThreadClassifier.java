package io.smsync.classify;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a CPU-bound classifier (the offline one) on a platform thread of its own. Batches are processed on virtual
 * threads, which share a carrier per core with the webhook requests and are never preempted: 10,000 batches falling
 * due together kept the carriers busy classifying and webhook answers waited behind them. On its own thread the
 * operating system shares the cores between classifying and answering, and classifying takes at most one core.
 */
public final class OwnThreadClassifier implements Classifier {
    /** Idle this long, the thread ends (the next text starts another), so nothing needs closing. */
    private static final long IDLE_SECONDS = 30;

    private final Classifier classifier;
    private final ExecutorService thread = new ThreadPoolExecutor(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name("offline-classifier").daemon().factory());

    public OwnThreadClassifier(Classifier classifier) {
        this.classifier = classifier;
    }

    /** The wrapped classifier's answer, or what it threw (an {@link Error} included), as if called directly. */
    @Override
    public Classification classify(String text) {
        Future<Classification> answer = thread.submit(() -> classifier.classify(text));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while classifying", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }
}
