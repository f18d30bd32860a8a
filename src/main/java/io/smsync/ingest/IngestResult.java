package io.smsync.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The answer to one webhook request: per message, accepted into a batch or a duplicate. */
public record IngestResult(int accepted, int duplicates, List<Item> results) {

    /** {@code batchId} is null (and left out of the JSON) for a duplicate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String guid, String status, String batchId) {
        public static final String ACCEPTED = "accepted";
        public static final String DUPLICATE = "duplicate";
    }
}
