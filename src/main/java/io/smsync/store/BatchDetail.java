package io.smsync.store;

import java.util.List;

/**
 * Everything the API shows about one batch; classification and reply are null until it is processed; {@code handled}
 * is the operator's mark.
 */
public record BatchDetail(BatchRow batch, List<MessageRow> messages, ClassificationRow classification, ReplyRow reply,
                          boolean handled) {
}
