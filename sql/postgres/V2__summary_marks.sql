-- Where the daily summary's numbers are in its dashboard report, so that the dashboard shows each
-- as the fact it came from (README, "The daily summary"). Rows written before this column have
-- none: null, not an empty array, which would say the report holds no number.
--
-- pulse_reader reads it with the table's SELECT (V1), which covers columns added later.

ALTER TABLE ai_summaries ADD COLUMN dashboard_marks jsonb;

COMMENT ON COLUMN ai_summaries.dashboard_marks IS
    'JSON array of {"start", "end", "fact"}: every number the job put in dashboard_report, as UTF-16 offsets [start, end) (JavaScript''s slice) and the id of the fact in facts whose display text it is; null for rows written before it was kept.';
