package io.smsync.store;

/**
 * A batch as a listing shows it: the start of its text, never all of it. {@code preview} is at most
 * {@link ReadModel#PREVIEW_LENGTH} code points; {@code textTruncated} says the text goes on; {@code handled} is the
 * operator's mark.
 */
public record BatchSummary(BatchRow batch, String preview, boolean textTruncated, ClassificationRow classification,
                           ReplyRow reply, boolean handled) {
}
