-- CRM Pulse schema, version 6: alerts carry what the anomaly rules judged (research 3.2 G12).
--
-- V1 created the table ahead of its writer; this version adds the window the rule judged, the
-- sample size and the test or threshold that fired, so that every alert explains itself. The
-- columns are nullable for rows written before this version (no release wrote any).
--
-- alert_id is deterministic: '<rule>/<subject>/<window>/<severity>', e.g.
-- 'R1_JUNK_SPIKE/source:Web Download/2026-11-20/warning'. A replay after a restore produces the
-- same id, so the writer upserts the same row.

ALTER TABLE alerts
    ADD COLUMN window_start timestamptz,
    ADD COLUMN window_end   timestamptz,
    ADD COLUMN n            bigint,
    ADD COLUMN test         text;

COMMENT ON TABLE alerts IS
    'Every alert the anomaly rules fired. alert_id is deterministic (rule, subject, window, severity), so a replayed alert is the same row.';
COMMENT ON COLUMN alerts.alert_id IS
    'rule/subject/window/severity, e.g. R1_JUNK_SPIKE/source:Web Download/2026-11-20/warning.';
COMMENT ON COLUMN alerts.rule IS
    'R1_JUNK_SPIKE, R2_VOLUME_DROP, R3_SOURCE_SILENT, R4_BIG_DEAL_LOST, R5_UNTOUCHED_LEADS or DATA_STALE.';
COMMENT ON COLUMN alerts.subject IS
    'What it fired for: total, source:<lead source>, owner:<owner id>, deal:<deal id> or zoho.';
COMMENT ON COLUMN alerts.severity IS 'critical, warning or info.';
COMMENT ON COLUMN alerts.observed IS
    'The value judged: a junk rate (R1), a lead count (R2), business hours of silence (R3), a deal amount (R4), breaches (R5), minutes without a poll.';
COMMENT ON COLUMN alerts.expected IS 'The baseline or threshold it was judged against.';
COMMENT ON COLUMN alerts.message IS
    'The sentence for WhatsApp: rule, subject, observed against expected, window. Names reps and deals, never a lead.';
COMMENT ON COLUMN alerts.fired_at IS 'When the rule fired (the job''s processing time).';
COMMENT ON COLUMN alerts.window_start IS 'The start of the window judged, e.g. local midnight for today.';
COMMENT ON COLUMN alerts.window_end IS 'The end of the window judged (the check time for today so far).';
COMMENT ON COLUMN alerts.n IS 'The sample size: leads judged, untouched leads, deals won in the lookback.';
COMMENT ON COLUMN alerts.test IS
    'The test or threshold that fired with its values, e.g. binomial P(X>=14 | n=30, p0=0.08) = 0.0002 < 0.01; +26.7 pp >= 10 pp; 2.5x >= 1.5x.';

CREATE INDEX alerts_rule_subject ON alerts (rule, subject, fired_at);

-- v_alerts_today gains the new columns at its end (a view keeps its existing columns in order).
CREATE OR REPLACE VIEW v_alerts_today AS
WITH zone AS (
    SELECT coalesce(nullif(current_setting('pulse.timezone', true), ''),
                    current_setting('TimeZone')) AS name
),
today AS (
    SELECT z.name                                                          AS zone,
           date_trunc('day', now() AT TIME ZONE z.name) AT TIME ZONE z.name AS starts_at,
           (date_trunc('day', now() AT TIME ZONE z.name) + interval '1 day') AT TIME ZONE z.name
                                                                           AS ends_at
    FROM zone z
)
SELECT a.alert_id,
       a.rule,
       a.subject,
       a.severity,
       a.observed,
       a.expected,
       a.message,
       a.fired_at,
       (a.fired_at AT TIME ZONE t.zone)::time(0) AS fired_local_time,
       a.details,
       a.window_start,
       a.window_end,
       a.n,
       a.test
FROM alerts a
JOIN today t ON a.fired_at >= t.starts_at AND a.fired_at < t.ends_at
ORDER BY a.fired_at DESC, a.alert_id;

COMMENT ON VIEW v_alerts_today IS
    'Alerts fired since local midnight of the business timezone (pulse.timezone, else the session TimeZone), newest first.';

GRANT SELECT ON alerts, v_alerts_today TO pulse_reader;
