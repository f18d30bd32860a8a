package io.smsync.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a group of intake requests inside the caller's transaction with a few batched statements: the dedup keys
 * and open batches the group needs are looked up first, every message is placed in memory, then new batches, the
 * changed batches (once each, however many messages joined them), the messages and the duplicate counts are written.
 * Nothing here commits or rolls back; a failure leaves that to the caller (see the writers).
 */
final class IntakeGroup {
    private static final String OPEN = BatchStatus.OPEN.wireName();

    /** One caller's request; {@code listener} is told of its new messages and opt-out changes in the transaction. */
    record Request(List<Intake.Arrival> arrivals, Intake.Window window, IngestListener listener) {
    }

    private IntakeGroup() {
    }

    /** Writes the requests at {@code now}; the answer holds each request's placements, in order. */
    static List<List<Intake.Placed>> write(IntakeStatements sql, List<Request> requests, Instant now) throws SQLException {
        long at = now.toEpochMilli();
        Set<IntakeStatements.Key> keys = new LinkedHashSet<>();
        Set<String> openKeys = new LinkedHashSet<>();
        for (Request request : requests) {
            for (Intake.Arrival a : request.arrivals()) {
                keys.add(new IntakeStatements.Key(a.source(), a.guid()));
                if (request.window().consolidates()) {
                    openKeys.add(openKey(a));
                }
            }
        }
        IntakeStatements.Found found = sql.lookUp(keys, openKeys);
        Set<IntakeStatements.Key> seen = found.stored();
        Map<String, IntakeStatements.OpenBatch> open = found.open();
        Map<String, IntakeStatements.OpenBatch> touched = new LinkedHashMap<>();
        List<Object[]> messages = new ArrayList<>();
        List<IntakeStatements.Key> duplicates = new ArrayList<>();
        List<Intake.Arrival> optChanges = new ArrayList<>();
        List<Runnable> told = new ArrayList<>();
        List<List<Intake.Placed>> answers = new ArrayList<>(requests.size());
        for (Request request : requests) {
            List<Intake.Placed> placed = new ArrayList<>(request.arrivals().size());
            for (Intake.Arrival a : request.arrivals()) {
                IntakeStatements.Key key = new IntakeStatements.Key(a.source(), a.guid());
                if (!seen.add(key)) {
                    duplicates.add(key);
                    placed.add(Intake.Placed.DUPLICATE);
                    continue;
                }
                IntakeStatements.OpenBatch batch = place(a, request.window(), now, at, open);
                touched.putIfAbsent(batch.id, batch);
                messages.add(new Object[] {a, batch.id, batch.count});
                String batchId = batch.id;
                told.add(() -> request.listener().messageStored(sql.handle(), a, batchId, now));
                if (a.optChange() != Intake.OptChange.NONE) {
                    optChanges.add(a);
                    boolean optedOut = a.optChange() == Intake.OptChange.OPT_OUT;
                    told.add(() -> request.listener().optChanged(sql.handle(), a.sender(), optedOut, a.guid(), now));
                }
                placed.add(new Intake.Placed(batch.id, batch.count, batch.isNew && batch.count == 1, Instant.ofEpochMilli(batch.dueAt), now));
            }
            answers.add(placed);
        }
        if (sql.dialect() == Dialect.POSTGRES) {
            PostgresFlush.write(sql, touched.values(), messages, at);
        } else {
            SqliteFlush.batches(sql, touched.values());
            SqliteFlush.messages(sql, messages, at);
        }
        flushDuplicates(sql, duplicates);
        flushOptChanges(sql, optChanges, at);
        // After the rows they refer to, in arrival order, in the same transaction.
        told.forEach(Runnable::run);
        return answers;
    }

    static String openKey(Intake.Arrival a) {
        return a.sender() + "\u001f" + a.recipient();
    }

    /** Joins the key's open batch or opens one, in memory; the batch's row is written by the flush. */
    private static IntakeStatements.OpenBatch place(Intake.Arrival a, Intake.Window window, Instant now, long at,
                                                    Map<String, IntakeStatements.OpenBatch> open) {
        String openKey = window.consolidates() ? openKey(a) : null;
        IntakeStatements.OpenBatch batch = openKey == null ? null : open.get(openKey);
        if (batch != null) {
            batch.count++;
            Intake.Deadline deadline = window.join(Instant.ofEpochMilli(batch.openedAt), now, batch.count);
            batch.dueAt = deadline.dueAt().toEpochMilli();
            batch.lastMessageAt = at;
            if (!deadline.acceptsMore()) {
                batch.closed = true;
                open.remove(openKey);
            }
            return batch;
        }
        Intake.Deadline deadline = window.open(now);
        batch = new IntakeStatements.OpenBatch(Ids.next("b_", now), a.sender(), a.recipient(), openKey, at, 0,
                deadline.dueAt().toEpochMilli(), true);
        batch.count = 1;
        batch.lastMessageAt = at;
        if (openKey != null && deadline.acceptsMore()) {
            open.put(openKey, batch);
        } else {
            batch.closed = true;
        }
        return batch;
    }

    /** Counts each duplicate on its message, or on its key in seen_guids once the message was purged. */
    private static void flushDuplicates(IntakeStatements sql, List<IntakeStatements.Key> duplicates) throws SQLException {
        if (duplicates.isEmpty()) {
            return;
        }
        Map<IntakeStatements.Key, Integer> counts = new HashMap<>();
        duplicates.forEach(key -> counts.merge(key, 1, Integer::sum));
        PreparedStatement onMessage = sql.prepare("UPDATE messages SET duplicate_count = duplicate_count + ? WHERE source = ? AND guid = ?");
        PreparedStatement onKey = null;
        for (Map.Entry<IntakeStatements.Key, Integer> e : counts.entrySet()) {
            onMessage.setInt(1, e.getValue());
            onMessage.setString(2, e.getKey().source());
            onMessage.setString(3, e.getKey().guid());
            if (onMessage.executeUpdate() == 0) {
                onKey = onKey != null ? onKey : sql.prepare("UPDATE seen_guids SET duplicate_count = duplicate_count + ? WHERE source = ? AND guid = ?");
                onKey.setInt(1, e.getValue());
                onKey.setString(2, e.getKey().source());
                onKey.setString(3, e.getKey().guid());
                onKey.executeUpdate();
            }
        }
    }

    /** STOP-type and START-type messages change the sender's opt-out at once, in arrival order, as the sender's own change. */
    private static void flushOptChanges(IntakeStatements sql, List<Intake.Arrival> changes, long at) throws SQLException {
        for (Intake.Arrival a : changes) {
            PreparedStatement upsert = a.optChange() == Intake.OptChange.OPT_OUT
                    ? sql.prepare("INSERT INTO senders (number, opted_out, opted_out_at, opt_change_by) VALUES (?, 1, ?, ?) "
                            + "ON CONFLICT (number) DO UPDATE SET opted_out = 1, opted_out_at = excluded.opted_out_at, "
                            + "opt_change_by = excluded.opt_change_by")
                    : sql.prepare("INSERT INTO senders (number, opted_out, opted_in_at, opt_change_by) VALUES (?, 0, ?, ?) "
                            + "ON CONFLICT (number) DO UPDATE SET opted_out = 0, opted_in_at = excluded.opted_in_at, "
                            + "opt_change_by = excluded.opt_change_by");
            upsert.setString(1, a.sender());
            upsert.setLong(2, at);
            upsert.setString(3, Senders.BY_SENDER);
            upsert.executeUpdate();
        }
    }
}
