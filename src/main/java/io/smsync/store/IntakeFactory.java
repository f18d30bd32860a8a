package io.smsync.store;

import java.time.Clock;

/** Binds the webhooks' writes to a window, a clock and a listener: SQLite's single writer or PostgreSQL's intake writers. */
interface IntakeFactory extends AutoCloseable {
    Intake intake(Intake.Window window, Clock clock, IngestListener listener);

    @Override
    void close();
}
