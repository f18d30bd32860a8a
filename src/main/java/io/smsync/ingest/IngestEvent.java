package io.smsync.ingest;

import java.time.Instant;

/**
 * What one ingest transaction did, message by message; each event renders the log line operators and tests read.
 * The lines are concatenated, not {@code String.formatted}: one is built per message, and java.util.Formatter's
 * parsing of the format showed in ingest profiles.
 */
sealed interface IngestEvent {

    /** The line logged after the commit. */
    String logLine();

    /** A message whose (source, guid) was seen before: dropped. */
    record Duplicate(String source, String guid, String sender) implements IngestEvent {
        @Override
        public String logLine() {
            return "DUPLICATE IGNORED source=" + source + " guid=" + guid + " sender=" + sender;
        }
    }

    /** A new message that opened a batch of its own. */
    record BatchStarted(String source, String sender, String batchId, Instant dueAt) implements IngestEvent {
        @Override
        public String logLine() {
            return "CONSOLIDATION STARTED sender=" + sender + " batch=" + batchId + " messages=1 due_at=" + dueAt;
        }
    }

    /** A new message that joined its key's open batch, which now holds {@code messages} messages. */
    record BatchJoined(String source, String sender, String batchId, int messages, Instant dueAt) implements IngestEvent {
        @Override
        public String logLine() {
            return "CONSOLIDATION UPDATE sender=" + sender + " batch=" + batchId + " messages=" + messages + " due_at=" + dueAt;
        }
    }

    /** A STOP-type message: the sender is opted out. */
    record OptOut(String sender, String guid) implements IngestEvent {
        @Override
        public String logLine() {
            return "OPT-OUT RECORDED sender=" + sender + " guid=" + guid;
        }
    }

    /** A START-type message: the sender is opted back in. */
    record OptIn(String sender, String guid) implements IngestEvent {
        @Override
        public String logLine() {
            return "OPT-IN RECORDED sender=" + sender + " guid=" + guid;
        }
    }
}
