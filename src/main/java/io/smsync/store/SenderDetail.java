package io.smsync.store;

/** What the API shows about one sender; {@code state} and {@code lastReply} are null when there are none. */
public record SenderDetail(String number, Senders.SenderRow state, ReplyRow lastReply, ReadModel.BatchPage recentBatches) {
}
