package io.smsync.send;

/** One reply to send; {@code id} is the reply's id, usable as the gateway's idempotency key. */
public record OutgoingSms(String id, String to, String text) {
}
