package io.smsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Operators and tests read these event names, so each event's log line keeps its exact text. */
class IngestEventTest {
    private static final Instant DUE = Instant.parse("2024-06-22T08:51:00Z");

    @Test
    void each_event_renders_the_log_line_operators_read() {
        assertThat(new IngestEvent.Duplicate("webhook", "g1", "+16505551212").logLine())
                .isEqualTo("DUPLICATE IGNORED source=webhook guid=g1 sender=+16505551212");
        assertThat(new IngestEvent.BatchStarted("webhook", "+16505551212", "b_1", DUE).logLine())
                .isEqualTo("CONSOLIDATION STARTED sender=+16505551212 batch=b_1 messages=1 due_at=2024-06-22T08:51:00Z");
        assertThat(new IngestEvent.BatchJoined("webhook", "+16505551212", "b_1", 3, DUE).logLine())
                .isEqualTo("CONSOLIDATION UPDATE sender=+16505551212 batch=b_1 messages=3 due_at=2024-06-22T08:51:00Z");
        assertThat(new IngestEvent.OptOut("+16505551212", "g2").logLine())
                .isEqualTo("OPT-OUT RECORDED sender=+16505551212 guid=g2");
        assertThat(new IngestEvent.OptIn("+16505551212", "g3").logLine())
                .isEqualTo("OPT-IN RECORDED sender=+16505551212 guid=g3");
    }
}
