package io.smsync.sms;

import java.time.Instant;

/**
 * One incoming text, normalized from whichever gateway delivered it.
 *
 * @param source    where it came from ({@code webhook}, later the gateway names); part of the dedup key
 * @param guid      the sender side's unique id for this message; the dedup key within {@code source}
 * @param sender    the sender, E.164 when it parses as a phone number, else as given
 * @param recipient the line that received it, or {@code ""} when unknown
 * @param text      the message text, never null (may be empty)
 * @param sentAt    the time on the phone, or null when not given
 */
public record InboundMessage(String source, String guid, String sender, String recipient, String text, Instant sentAt) {
}
