package io.smsync.classify;

/** The LLM could not give a usable classification; the message says why and never holds the API key. */
public final class LlmException extends RuntimeException {
    public LlmException(String message) {
        super(message);
    }
}
