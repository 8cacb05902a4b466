-- What the dashboard needs (README, "The dashboard"): the summary's numbers marked, an alert's
-- outbox rows found by index, and the alerts' message column described as it now reads.

-- Where the daily summary's numbers are in its dashboard report, so that the dashboard shows each
-- as the fact it came from (README, "The daily summary"). Rows written before this column have
-- none: null, not an empty array, which would say the report holds no number.
--
-- pulse_reader reads it with the table's SELECT (V1), which covers columns added later.

ALTER TABLE ai_summaries ADD COLUMN dashboard_marks jsonb;

COMMENT ON COLUMN ai_summaries.dashboard_marks IS
    'JSON array of {"start", "end", "fact"}: every number the job put in dashboard_report, as UTF-16 offsets [start, end) (JavaScript''s slice) and the id of the fact in facts whose display text it is; null for rows written before it was kept.';

-- The dashboard's alerts show each alert's WhatsApp delivery: the outbox rows of one alert, found
-- by kind and ref. Without an index that was a scan of the whole outbox per alert listed (15.6 s
-- for a week's 291 alerts next to 150,000 outbox rows; README, "The dashboard's API").

CREATE INDEX notifications_kind_ref ON notifications (kind, ref);

-- Alerts now carry two kinds of text: the plain message a person reads, and the evidence.
COMMENT ON COLUMN alerts.message IS
    'The WhatsApp text, in plain words: what happened, how unusual it is, what to look at (docs/ANOMALY-RULES.md, "Messages"). Names reps, sources and deals, never a lead. The statistics are in test.';
