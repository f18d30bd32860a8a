package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dashboard sessions in the database; run on every database by small subclasses. */
abstract class AdminSessionsContract {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private final AdminSessions sessions = new AdminSessions();
    private Database db;

    protected abstract String freshDatabaseUrl();

    @BeforeEach
    void open() {
        db = Database.open(freshDatabaseUrl());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void insert(String hash, Instant at) {
        db.writes().useTransaction(h -> sessions.insert(h, hash, at, at.plus(WEEK)));
    }

    private boolean isValid(String hash, Instant now) {
        return db.reads().withHandle(h -> sessions.isValid(h, hash, now));
    }

    @Test
    void a_session_is_valid_until_it_expires_and_only_under_its_own_hash() {
        insert("aa11", T0);

        assertThat(isValid("aa11", T0)).isTrue();
        assertThat(isValid("aa11", T0.plus(WEEK).minusMillis(1))).isTrue();
        assertThat(isValid("aa11", T0.plus(WEEK))).isFalse();
        assertThat(isValid("bb22", T0)).isFalse();
    }

    @Test
    void a_deleted_session_is_no_longer_valid() {
        insert("aa11", T0);
        insert("bb22", T0);

        boolean deleted = db.writes().inTransaction(h -> sessions.delete(h, "aa11"));
        boolean deletedAgain = db.writes().inTransaction(h -> sessions.delete(h, "aa11"));

        assertThat(deleted).isTrue();
        assertThat(deletedAgain).isFalse();
        assertThat(isValid("aa11", T0)).isFalse();
        assertThat(isValid("bb22", T0)).isTrue();
    }

    @Test
    void purging_deletes_only_expired_sessions() {
        insert("old", T0);
        insert("new", T0.plus(Duration.ofDays(1)));

        int purged = db.writes().inTransaction(h -> sessions.purgeExpired(h, T0.plus(WEEK)));

        List<String> left = db.reads().withHandle(h -> h.createQuery("SELECT id_hash FROM admin_sessions").mapTo(String.class).list());
        assertThat(purged).isEqualTo(1);
        assertThat(left).containsExactly("new");
    }
}
