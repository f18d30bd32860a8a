package io.smsync.store;

import java.sql.Types;
import java.time.Instant;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * How values cross the SQL edge, registered once on every {@link Jdbi}: times as epoch milliseconds,
 * statuses by their wire names, row records by their columns (snake_case names match the components).
 */
final class Conversions {
    private Conversions() {
    }

    static void install(Jdbi jdbi) {
        jdbi.registerArgument(new InstantArgument());
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            long millis = rs.getLong(column);
            return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
        });
        jdbi.registerArgument(new BatchStatusArgument());
        jdbi.registerColumnMapper(BatchStatus.class, byWireName(BatchStatus::of));
        jdbi.registerArgument(new ReplyStatusArgument());
        jdbi.registerColumnMapper(ReplyStatus.class, byWireName(ReplyStatus::of));
        for (Class<?> row : new Class<?>[] {BatchRow.class, MessageRow.class, ReplyRow.class, ClassificationRow.class,
                Senders.SenderRow.class, Stats.class, AuditLog.Entry.class, EventRows.Endpoint.class,
                EventRows.Delivery.class, EventRows.Claimed.class, EventRows.Attempt.class, Events.DueCount.class}) {
            jdbi.registerRowMapper(ConstructorMapper.factory(row));
        }
    }

    private static <E> ColumnMapper<E> byWireName(Function<String, E> of) {
        return (rs, column, ctx) -> {
            String wireName = rs.getString(column);
            return wireName == null ? null : of.apply(wireName);
        };
    }

    private static final class InstantArgument extends AbstractArgumentFactory<Instant> {
        InstantArgument() {
            super(Types.BIGINT);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setLong(position, value.toEpochMilli());
        }
    }

    private static final class BatchStatusArgument extends AbstractArgumentFactory<BatchStatus> {
        BatchStatusArgument() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(BatchStatus value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.wireName());
        }
    }

    private static final class ReplyStatusArgument extends AbstractArgumentFactory<ReplyStatus> {
        ReplyStatusArgument() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(ReplyStatus value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.wireName());
        }
    }
}
