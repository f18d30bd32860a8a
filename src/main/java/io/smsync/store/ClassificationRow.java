package io.smsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A batch's stored classification; {@code model} is null for the offline rules. */
public record ClassificationRow(String batchId, String category, double confidence, String method, String model) {

    static ClassificationRow map(ResultSet rs) throws SQLException {
        return new ClassificationRow(rs.getString("batch_id"), rs.getString("category"), rs.getDouble("confidence"),
                rs.getString("method"), rs.getString("model"));
    }
}
