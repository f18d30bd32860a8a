package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skipping the replies of opted-out senders, which runs in every dispatch, looks each recipient up by its key: a scan
 * of all senders there cost about a millisecond a reply at 38,000 senders, and held the writer meanwhile.
 */
class SkipOptedOutPlanTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void skips_only_opted_out_recipients_and_never_scans_the_senders() {
        Replies replies = new Replies();
        Senders senders = new Senders();
        try (Database db = Database.open(TestDatabases.sqlite(dir))) {
            List<String> statements = new ArrayList<>();
            List<ReplyRow> skipped = db.writes().inTransaction(h -> {
                for (int i = 0; i < 50; i++) {
                    senders.setOptedOut(h, "+165025300" + String.format("%02d", i), i == 7, Senders.BY_SENDER, NOW);
                }
                replies.insert(h, ReplyRow.create("r-out", null, "+16502530007", "hi", ReplyStatus.PENDING, null, NOW));
                replies.insert(h, ReplyRow.create("r-in", null, "+16502530008", "hi", ReplyStatus.PENDING, null, NOW));
                h.addCustomizer(new StatementCustomizer() {
                    @Override
                    public void beforeExecution(PreparedStatement statement, StatementContext ctx) {
                        if (ctx.getRenderedSql().startsWith("UPDATE replies")) { // not the writer's own RELEASE
                            statements.add(ctx.getRenderedSql());
                        }
                    }
                });
                List<ReplyRow> out = new ArrayList<>(replies.skipOptedOut(h, ReplyStatus.PENDING, "r-in", NOW));
                out.addAll(replies.skipOptedOut(h, ReplyStatus.PENDING, "r-out", NOW));
                out.addAll(replies.skipOptedOut(h, ReplyStatus.QUEUED, null, NOW));
                return out;
            });
            assertThat(skipped).extracting(ReplyRow::id).containsExactly("r-out");

            assertThat(statements).hasSize(3);
            for (String sql : statements) {
                assertThat(plan(db, sql)).as(sql).noneMatch(step -> step.startsWith("SCAN"))
                        .anyMatch(step -> step.contains("senders") && step.startsWith("SEARCH"));
            }
        }
    }

    /** SQLite's plan for the statement, one line per step (named parameters need no values to be planned). */
    private static List<String> plan(Database db, String sql) {
        return db.reads().withHandle(h -> {
            List<String> steps = new ArrayList<>();
            try (PreparedStatement explain = h.getConnection().prepareStatement("EXPLAIN QUERY PLAN " + sql);
                 ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return steps;
        });
    }
}
