package io.smsync.ingest;

import java.time.Instant;

/** What one ingest transaction did, message by message; each event renders the log line operators and tests read. */
sealed interface IngestEvent {

    /** The line logged after the commit. */
    String logLine();

    /** A message whose (source, guid) was seen before: dropped. */
    record Duplicate(String source, String guid, String sender) implements IngestEvent {
        @Override
        public String logLine() {
            return "DUPLICATE IGNORED source=%s guid=%s sender=%s".formatted(source, guid, sender);
        }
    }

    /** A new message that opened a batch of its own. */
    record BatchStarted(String source, String sender, String batchId, Instant dueAt) implements IngestEvent {
        @Override
        public String logLine() {
            return "CONSOLIDATION STARTED sender=%s batch=%s messages=1 due_at=%s".formatted(sender, batchId, dueAt);
        }
    }

    /** A new message that joined its key's open batch, which now holds {@code messages} messages. */
    record BatchJoined(String source, String sender, String batchId, int messages, Instant dueAt) implements IngestEvent {
        @Override
        public String logLine() {
            return "CONSOLIDATION UPDATE sender=%s batch=%s messages=%d due_at=%s".formatted(sender, batchId, messages, dueAt);
        }
    }

    /** A STOP-type message: the sender is opted out. */
    record OptOut(String sender, String guid) implements IngestEvent {
        @Override
        public String logLine() {
            return "OPT-OUT RECORDED sender=%s guid=%s".formatted(sender, guid);
        }
    }

    /** A START-type message: the sender is opted back in. */
    record OptIn(String sender, String guid) implements IngestEvent {
        @Override
        public String logLine() {
            return "OPT-IN RECORDED sender=%s guid=%s".formatted(sender, guid);
        }
    }
}
