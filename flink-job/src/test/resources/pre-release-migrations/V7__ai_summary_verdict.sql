-- CRM Pulse schema, version 7: the daily summary records how it was made (issue 5).
--
-- V1 created ai_summaries ahead of its writer; this version adds the validator's reasons (why an
-- answer was rejected or the model could not be asked), the chat calls made, the time it took and
-- the hash of the prompt, so that a fallback explains itself and a prompt can be matched to its
-- answer. The columns are nullable for rows written before this version (no release wrote any).
--
-- The job writes one row per business day and never rewrites it: a replay after a restore finds
-- the row and sends its stored WhatsApp report to the outbox again, whose key makes that a no-op.

ALTER TABLE ai_summaries
    ADD COLUMN verdict_reasons jsonb,
    ADD COLUMN attempts        integer CHECK (attempts >= 0),
    ADD COLUMN latency_ms      bigint  CHECK (latency_ms >= 0),
    ADD COLUMN prompt_hash     text;

COMMENT ON COLUMN ai_summaries.status IS
    'The verdict. grounded: the LLM text passed the number validator; fallback: the deterministic template stands in.';
COMMENT ON COLUMN ai_summaries.model IS 'The Ollama model asked (OLLAMA_MODEL), also when it did not answer.';
COMMENT ON COLUMN ai_summaries.verdict_reasons IS
    'JSON array of texts: each rejection of an answer (attempt 1: ..., attempt 2: ...) or why the model could not be asked; [] when the first answer passed.';
COMMENT ON COLUMN ai_summaries.attempts IS 'Chat calls made to the model: 0 when the preflight failed, at most 2.';
COMMENT ON COLUMN ai_summaries.latency_ms IS 'From the preflight to the rendered reports, in milliseconds.';
COMMENT ON COLUMN ai_summaries.prompt_hash IS 'SHA-256 (hex) of the first prompt: the rules and the fact lines.';
COMMENT ON COLUMN ai_summaries.created_at IS 'When the summary was written.';
