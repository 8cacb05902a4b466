-- CRM Pulse schema, version 5: the WhatsApp outbox gets what delivery needs (DESIGN.md 4.3).
--
-- One row per (recipient, alert) or (recipient, summary day), written before anything is sent;
-- dedup_key is deterministic ('alert:<alert_id>:<recipient>', 'summary:<day>:<recipient>'), so a
-- replayed alert or summary is the same row. Several alerts that go out together as one WhatsApp
-- message share message_id and provider_id.
--
-- status, the life of a row:
--   pending      waiting to be sent: new, held by grouping or quiet hours, or backing off after a
--                transient error (Twilio down, 429) until next_attempt_at
--   sending      claimed by a dispatcher, committed before the POST to Twilio. A row still sending
--                once next_attempt_at has passed had its outcome lost (a crash, a timeout after
--                the POST): it is reconciled against Twilio's message list before any resend
--   sent         Twilio accepted the message; provider_id holds its SID (SM...)
--   delivered, read, undelivered
--                Twilio's later delivery states, for a status poll or callback (not yet written)
--   failed       Twilio refused it for good (error_code, last_error); never retried
--   dry_run      Twilio is not configured: the message was composed and written to the log only
--   capped       over the recipient's daily alert cap: not sent; the daily summary reports it
--
-- V1 created the table ahead of its writer; no earlier version of the job wrote to it.

ALTER TABLE notifications
    ADD COLUMN kind             text,
    ADD COLUMN ref              text,
    ADD COLUMN severity         text,
    ADD COLUMN message_id       text,
    ADD COLUMN error_code       integer,
    ADD COLUMN next_attempt_at  timestamptz,
    ADD COLUMN last_attempt_at  timestamptz,
    ADD COLUMN sent_at          timestamptz;

-- Rows from before this version (no release wrote any) keep a valid shape.
UPDATE notifications
SET kind = 'alert',
    ref = dedup_key,
    severity = 'info',
    status = CASE
                 WHEN provider_id IS NOT NULL THEN 'sent'
                 WHEN status IN ('pending', 'dry_run', 'failed') THEN status
                 ELSE 'failed'
             END,
    next_attempt_at = created_at
WHERE kind IS NULL;

ALTER TABLE notifications
    ALTER COLUMN kind SET NOT NULL,
    ALTER COLUMN ref SET NOT NULL,
    ALTER COLUMN next_attempt_at SET NOT NULL,
    ALTER COLUMN channel SET DEFAULT 'whatsapp',
    ALTER COLUMN status SET DEFAULT 'pending',
    ADD CONSTRAINT notifications_kind CHECK (kind IN ('alert', 'summary')),
    ADD CONSTRAINT notifications_channel CHECK (channel = 'whatsapp'),
    ADD CONSTRAINT notifications_recipient CHECK (recipient ~ '^whatsapp:\+[1-9][0-9]{7,14}$'),
    ADD CONSTRAINT notifications_severity
        CHECK (CASE kind
                   WHEN 'alert' THEN severity IN ('critical', 'warning', 'info')
                   ELSE severity IS NULL
               END),
    ADD CONSTRAINT notifications_status CHECK (status IN ('pending', 'sending', 'sent', 'delivered',
                                                          'read', 'failed', 'undelivered',
                                                          'dry_run', 'capped')),
    ADD CONSTRAINT notifications_attempts CHECK (attempts >= 0);

COMMENT ON COLUMN notifications.dedup_key IS
    'Deterministic: alert:<alert_id>:<recipient> or summary:<day>:<recipient>.';
COMMENT ON COLUMN notifications.kind IS 'alert or summary.';
COMMENT ON COLUMN notifications.ref IS 'The alert_id of alerts, or the summary''s day (yyyy-mm-dd).';
COMMENT ON COLUMN notifications.channel IS 'whatsapp.';
COMMENT ON COLUMN notifications.recipient IS 'whatsapp:+<E.164 number>.';
COMMENT ON COLUMN notifications.severity IS 'critical, warning or info for alerts; null for summaries.';
COMMENT ON COLUMN notifications.body IS 'The text of this one alert or summary, before grouping.';
COMMENT ON COLUMN notifications.status IS
    'pending, sending, sent, delivered, read, failed, undelivered, dry_run or capped (see V5).';
COMMENT ON COLUMN notifications.message_id IS
    'The job''s id of the WhatsApp message this row went out in; grouped alerts share it.';
COMMENT ON COLUMN notifications.provider_id IS
    'Twilio''s message SID (SM...) once accepted; grouped alerts share it. Never resent once set.';
COMMENT ON COLUMN notifications.attempts IS 'POSTs started for the row (a reconciled one included).';
COMMENT ON COLUMN notifications.last_error IS 'The last error: Twilio''s message and what to do.';
COMMENT ON COLUMN notifications.error_code IS 'Twilio''s error code of the last error, e.g. 21610.';
COMMENT ON COLUMN notifications.next_attempt_at IS
    'pending: not before; sending: when an unfinished attempt counts as lost and is reconciled.';
COMMENT ON COLUMN notifications.last_attempt_at IS 'When the last attempt began.';
COMMENT ON COLUMN notifications.sent_at IS 'When Twilio accepted the message (or it was logged, dry_run).';
COMMENT ON COLUMN notifications.created_at IS 'When the alert or summary became pending.';
COMMENT ON COLUMN notifications.updated_at IS 'When the row last changed (set by PostgreSQL).';

-- The dispatcher's look-ups: the open rows of a recipient, and its alert messages of a day.
CREATE INDEX notifications_open ON notifications (recipient, next_attempt_at)
    WHERE status IN ('pending', 'sending');
CREATE INDEX notifications_recipient_sent ON notifications (recipient, sent_at)
    WHERE sent_at IS NOT NULL;
CREATE INDEX notifications_provider_id ON notifications (provider_id)
    WHERE provider_id IS NOT NULL;

CREATE TRIGGER notifications_updated_at BEFORE INSERT OR UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();

GRANT SELECT ON notifications TO pulse_reader;
