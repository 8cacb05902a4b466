package io.crmpulse.job.summary;

/** An Ollama call that gave no usable reply; {@link #kind()} says why. */
public class OllamaException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, classified before acting on it. */
    public enum Kind {
        /** 404: the model is not pulled. Not retried. */
        MODEL_MISSING,
        /** Connection refused or 503 (queue full), still so after the retries. */
        UNAVAILABLE,
        /** No reply within the read timeout (a cold model loading, or a stuck one). */
        TIMEOUT,
        /** Any other status (400 bad format, 500 load timeout, 502). Not retried. */
        HTTP_ERROR,
        /** A 200 whose body is not the chat response Ollama sends. */
        BAD_RESPONSE
    }

    private final Kind kind;

    public OllamaException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public OllamaException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
