package io.smsync.config;

/** A configuration problem; the message is one line that starts with the variable's name. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
