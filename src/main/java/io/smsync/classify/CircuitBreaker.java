package io.smsync.classify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a failing service for a while: after {@code threshold} consecutive failures it opens for
 * {@code coolOff}, then lets one trial call through, whose outcome closes it or opens it for another cool-off.
 */
public final class CircuitBreaker {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    private final String name;
    private final int threshold;
    private final Duration coolOff;
    private final Clock clock;
    private int failures;
    private Instant openUntil;
    private boolean trialInFlight;

    public CircuitBreaker(String name, int threshold, Duration coolOff, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.name = name;
        this.threshold = threshold;
        this.coolOff = coolOff;
        this.clock = clock;
    }

    /** True when a call may be made now; while open, false, except for the one trial call after the cool-off. */
    public synchronized boolean allowCall() {
        if (openUntil == null) {
            return true;
        }
        if (trialInFlight || clock.instant().isBefore(openUntil)) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    public synchronized void succeeded() {
        if (openUntil != null) {
            log.info("{} CIRCUIT CLOSED after a successful trial call", name);
        }
        failures = 0;
        openUntil = null;
        trialInFlight = false;
    }

    public synchronized void failed() {
        failures++;
        if (openUntil != null) {
            // The trial call failed (or a call that started before the circuit opened): another cool-off.
            openUntil = clock.instant().plus(coolOff);
            trialInFlight = false;
        } else if (failures >= threshold) {
            openUntil = clock.instant().plus(coolOff);
            log.warn("{} CIRCUIT OPEN after {} consecutive failures; not called for {} s, then one trial call",
                    name, failures, coolOff.toSeconds());
        }
    }

    /** True while calls are held back (open or waiting for its trial's outcome). */
    public synchronized boolean isOpen() {
        return openUntil != null;
    }
}
