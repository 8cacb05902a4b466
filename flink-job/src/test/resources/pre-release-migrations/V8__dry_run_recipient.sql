-- A dry run (Twilio not configured) without RECIPIENT_PHONE_NUMBER still keeps each message in the
-- outbox, printed to the log, for the pseudo-recipient 'log' (the demo's case). Only dry_run rows
-- may use it: nothing is ever sent to it.
ALTER TABLE notifications
    DROP CONSTRAINT notifications_recipient,
    ADD CONSTRAINT notifications_recipient
        CHECK (recipient ~ '^whatsapp:\+[1-9][0-9]{7,14}$'
               OR (recipient = 'log' AND provider_id IS NULL));

COMMENT ON COLUMN notifications.recipient IS
    'whatsapp:+E164, or ''log'' for a dry run without RECIPIENT_PHONE_NUMBER (printed, never sent).';
