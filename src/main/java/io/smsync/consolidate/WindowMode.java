package io.smsync.consolidate;

/** How a batch's deadline moves as messages arrive. */
public enum WindowMode {
    /** The batch closes {@code window} after its first message. */
    FIXED,
    /** The batch closes {@code window} after its latest message, capped at {@code maxWait} after the first. */
    SLIDING
}
