package io.crmpulse.job.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The local model server, behind an interface so tests can hand the writer another. */
public interface OllamaClient {

    /**
     * Checks that the server answers ({@code GET /api/version}) and has {@code model} ({@code POST
     * /api/show}).
     *
     * @return the server's version
     * @throws OllamaException {@link OllamaException.Kind#MODEL_MISSING} when the model is not
     *     pulled, else why the server could not be asked
     */
    String preflight(String model) throws OllamaException;

    /** One non-streamed {@code POST /api/chat}. */
    ChatReply chat(ChatCall call) throws OllamaException;

    /**
     * A chat request: one system and one user message (every fact in the one user message, so
     * Ollama's silent truncation of older messages cannot drop any), and a JSON-schema format.
     *
     * @param temperature low (0.1-0.2): tiny models loop at 0
     * @param seed fixed, for reproducible outputs
     * @param numCtx the context window the prompt must fit
     * @param numPredict the cap on generated tokens
     */
    record ChatCall(
            String model,
            String system,
            String user,
            JsonNode format,
            double temperature,
            long seed,
            int numCtx,
            int numPredict) {
        public ChatCall {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(system, "system");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * What {@code /api/chat} answered: the content (a JSON string when a format was set) and the
     * metrics to log. Durations are in nanoseconds, as Ollama reports them.
     */
    record ChatReply(
            String content,
            boolean done,
            String doneReason,
            long promptEvalCount,
            long evalCount,
            long totalDurationNanos,
            long loadDurationNanos) {
        public ChatReply {
            content = content == null ? "" : content;
            doneReason = doneReason == null ? "" : doneReason;
        }
    }
}
