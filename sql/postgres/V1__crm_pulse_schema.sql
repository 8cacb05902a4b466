-- CRM Pulse schema: the CRM mirrors, the metrics tables, the tables that alerts, the daily summary,
-- the WhatsApp outbox, sync progress and rejected records go to, the dashboard views, and the
-- read-only role pulse_reader. Column meanings are docs/METRICS.md's. Applied by the job at start
-- with Flyway (SchemaMigrator); once released, never edit this file: add the next version instead.
--
-- Every table has its natural key, so each writer upserts and a replay rewrites the same rows.
-- NOT NULL marks what docs/METRICS.md guarantees; a rate is NULL when its denominator is 0.
--
-- updated_at is set by PostgreSQL (pulse_touch_updated_at), not by the job. The job's continuous
-- aggregations retract a row by repeating it exactly; a timestamp computed in Flink SQL differs
-- between the row and its retraction, so Flink could not match them and a group that had emptied
-- would keep its row.
--
-- Money: a deal's amount and amount_home are numeric(18,2), and the job refuses (as a dead letter)
-- a deal whose amount or amount_home is 10^16 or more in absolute value. Sums of them are
-- numeric(38,2), the width of Flink's SUM over numeric(18,2): they hold anything below 10^36, i.e.
-- 10^20 deals at the largest amount each.

CREATE FUNCTION pulse_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- CRM mirrors ---------------------------------------------------------------------------------

CREATE TABLE crm_leads (
    id             text        PRIMARY KEY,
    lead_source    text        NOT NULL,
    lead_status    text        NOT NULL,
    status_class   text        NOT NULL
        CHECK (status_class IN ('converted', 'junk', 'untouched', 'attempted', 'contacted')),
    owner_id       text        NOT NULL,
    owner_name     text        NOT NULL,
    created_time   timestamptz NOT NULL,
    modified_time  timestamptz NOT NULL,
    converted      boolean     NOT NULL,
    converted_at   timestamptz,
    cohort_day     date        NOT NULL
);

COMMENT ON TABLE crm_leads IS
    'Live (not deleted) Zoho leads, PII-minimal: no names, e-mails or phones (METRICS.md 1).';
COMMENT ON COLUMN crm_leads.lead_source IS 'Lead_Source, trimmed; null, empty or -None- is (none).';
COMMENT ON COLUMN crm_leads.lead_status IS 'Lead_Status, trimmed; null, empty or -None- is (none).';
COMMENT ON COLUMN crm_leads.status_class IS
    'converted, junk, untouched, attempted or contacted; first match wins (METRICS.md 1).';
COMMENT ON COLUMN crm_leads.owner_id IS 'Owner.id; a missing owner is (unassigned).';
COMMENT ON COLUMN crm_leads.converted IS 'Converted__s ($converted in older API versions); missing is false.';
COMMENT ON COLUMN crm_leads.converted_at IS 'Converted_Date_Time, or null.';
COMMENT ON COLUMN crm_leads.cohort_day IS 'The day of created_time in the business timezone (PULSE_TIMEZONE).';

CREATE INDEX crm_leads_cohort_day ON crm_leads (cohort_day);

CREATE TABLE crm_deals (
    id             text          PRIMARY KEY,
    deal_name      text,
    stage          text,
    stage_class    text          NOT NULL CHECK (stage_class IN ('open', 'won', 'lost')),
    amount         numeric(18,2) NOT NULL,
    exchange_rate  numeric(18,6) NOT NULL CHECK (exchange_rate > 0),
    amount_home    numeric(18,2) NOT NULL,
    probability    integer       NOT NULL CHECK (probability BETWEEN 0 AND 100),
    owner_id       text          NOT NULL,
    owner_name     text          NOT NULL,
    lead_source    text          NOT NULL,
    closing_date   date,
    created_time   timestamptz   NOT NULL,
    modified_time  timestamptz   NOT NULL,
    won_at         timestamptz,
    lost_at        timestamptz,
    won_day        date
);

COMMENT ON TABLE crm_deals IS 'Live (not deleted) Zoho deals (METRICS.md 2).';
COMMENT ON COLUMN crm_deals.stage_class IS
    'won if stage is in won_stages, lost if in lost_stages, else open (METRICS.md 2).';
COMMENT ON COLUMN crm_deals.amount IS
    'Amount in the deal currency; null is 0. Below 10^16 in absolute value: the job refuses a larger one as a dead letter.';
COMMENT ON COLUMN crm_deals.exchange_rate IS
    'Exchange_Rate; null or not positive is 1. From 0.0000005 (it rounds to 0.000001) to below 10^12: the job refuses others as dead letters.';
COMMENT ON COLUMN crm_deals.amount_home IS
    'amount / exchange_rate in the home currency, rounded to 2 decimals half up; every sum adds these. Below 10^16 in absolute value, and not 0.00 for an amount that is not 0: the job refuses others as dead letters.';
COMMENT ON COLUMN crm_deals.probability IS 'Probability, 0..100; null is 0.';
COMMENT ON COLUMN crm_deals.lead_source IS 'Lead_Source, as for leads.';
COMMENT ON COLUMN crm_deals.won_at IS
    'modified_time of the first version the job saw in the won class; cleared if the deal leaves it.';
COMMENT ON COLUMN crm_deals.lost_at IS
    'modified_time of the first version the job saw in the lost class; cleared if the deal leaves it.';
COMMENT ON COLUMN crm_deals.won_day IS 'The day of won_at in the business timezone.';

CREATE INDEX crm_deals_won_day ON crm_deals (won_day) WHERE won_day IS NOT NULL;

CREATE TABLE deal_stage_events (
    deal_id         text          NOT NULL,
    changed_at      timestamptz   NOT NULL,
    to_stage        text          NOT NULL,
    from_stage      text,
    to_stage_class  text          NOT NULL CHECK (to_stage_class IN ('open', 'won', 'lost')),
    amount_home     numeric(18,2) NOT NULL,
    PRIMARY KEY (deal_id, changed_at, to_stage)
);

COMMENT ON TABLE deal_stage_events IS
    'Every stage transition the job observed; changed_at is the modified_time of the version in the new stage.';
COMMENT ON COLUMN deal_stage_events.from_stage IS 'The stage before; null for the first version the job saw.';
COMMENT ON COLUMN deal_stage_events.amount_home IS 'The deal''s amount_home at the transition.';

-- Current-state matrices (METRICS.md 4) --------------------------------------------------------
-- A row exists while at least one live record counts toward it and is deleted when the last leaves.

CREATE TABLE lead_source_quality (
    lead_source        text          PRIMARY KEY,
    leads              bigint        NOT NULL,
    junk_leads         bigint        NOT NULL,
    untouched_leads    bigint        NOT NULL,
    attempted_leads    bigint        NOT NULL,
    contacted_leads    bigint        NOT NULL,
    converted_leads    bigint        NOT NULL,
    junk_rate          numeric(9,4),
    contact_rate       numeric(9,4),
    conversion_rate    numeric(9,4),
    deals              bigint        NOT NULL,
    open_deals         bigint        NOT NULL,
    won_deals          bigint        NOT NULL,
    lost_deals         bigint        NOT NULL,
    pipeline_value     numeric(38,2) NOT NULL,
    weighted_pipeline  numeric(38,2) NOT NULL,
    won_value          numeric(38,2) NOT NULL,
    win_rate           numeric(9,4),
    updated_at         timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE rep_pipeline (
    owner_id           text          PRIMARY KEY,
    owner_name         text          NOT NULL,
    leads              bigint        NOT NULL,
    junk_leads         bigint        NOT NULL,
    untouched_leads    bigint        NOT NULL,
    attempted_leads    bigint        NOT NULL,
    contacted_leads    bigint        NOT NULL,
    converted_leads    bigint        NOT NULL,
    junk_rate          numeric(9,4),
    contact_rate       numeric(9,4),
    conversion_rate    numeric(9,4),
    deals              bigint        NOT NULL,
    open_deals         bigint        NOT NULL,
    won_deals          bigint        NOT NULL,
    lost_deals         bigint        NOT NULL,
    pipeline_value     numeric(38,2) NOT NULL,
    weighted_pipeline  numeric(38,2) NOT NULL,
    won_value          numeric(38,2) NOT NULL,
    win_rate           numeric(9,4),
    updated_at         timestamptz   NOT NULL DEFAULT now()
);

COMMENT ON TABLE lead_source_quality IS
    'The source-quality matrix: per lead_source, over live leads and deals with that source (METRICS.md 4).';
COMMENT ON COLUMN lead_source_quality.leads IS 'Number of live leads.';
COMMENT ON COLUMN lead_source_quality.junk_leads IS 'Leads whose status_class is junk.';
COMMENT ON COLUMN lead_source_quality.untouched_leads IS 'Leads whose status_class is untouched.';
COMMENT ON COLUMN lead_source_quality.attempted_leads IS 'Leads whose status_class is attempted.';
COMMENT ON COLUMN lead_source_quality.contacted_leads IS 'Leads whose status_class is contacted.';
COMMENT ON COLUMN lead_source_quality.converted_leads IS 'Leads whose status_class is converted.';
COMMENT ON COLUMN lead_source_quality.junk_rate IS
    'junk_leads / leads, 4 decimals half up; null when leads is 0.';
COMMENT ON COLUMN lead_source_quality.contact_rate IS
    '(contacted_leads + converted_leads) / leads, 4 decimals half up; null when leads is 0.';
COMMENT ON COLUMN lead_source_quality.conversion_rate IS
    'converted_leads / leads, 4 decimals half up; null when leads is 0.';
COMMENT ON COLUMN lead_source_quality.deals IS 'Number of live deals.';
COMMENT ON COLUMN lead_source_quality.open_deals IS 'Deals whose stage_class is open.';
COMMENT ON COLUMN lead_source_quality.won_deals IS 'Deals whose stage_class is won.';
COMMENT ON COLUMN lead_source_quality.lost_deals IS 'Deals whose stage_class is lost.';
COMMENT ON COLUMN lead_source_quality.pipeline_value IS
    'Sum of amount_home over open deals, home currency, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN lead_source_quality.weighted_pipeline IS
    'Sum of amount_home * probability / 100 over open deals, rounded once. numeric(38,2): below 10^36.';
COMMENT ON COLUMN lead_source_quality.won_value IS
    'Sum of amount_home over won deals. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN lead_source_quality.win_rate IS
    'won_deals / (won_deals + lost_deals), 4 decimals half up; null when no deal is closed.';
COMMENT ON COLUMN lead_source_quality.updated_at IS 'When the row last changed.';

COMMENT ON TABLE rep_pipeline IS
    'The rep-pipeline matrix: lead columns by the lead''s owner, deal columns by the deal''s owner (METRICS.md 4).';
COMMENT ON COLUMN rep_pipeline.owner_name IS 'The owner''s name, latest seen.';
COMMENT ON COLUMN rep_pipeline.leads IS 'Number of live leads the rep owns.';
COMMENT ON COLUMN rep_pipeline.junk_leads IS 'Leads whose status_class is junk.';
COMMENT ON COLUMN rep_pipeline.untouched_leads IS 'Leads whose status_class is untouched.';
COMMENT ON COLUMN rep_pipeline.attempted_leads IS 'Leads whose status_class is attempted.';
COMMENT ON COLUMN rep_pipeline.contacted_leads IS 'Leads whose status_class is contacted.';
COMMENT ON COLUMN rep_pipeline.converted_leads IS 'Leads whose status_class is converted.';
COMMENT ON COLUMN rep_pipeline.junk_rate IS 'junk_leads / leads, 4 decimals half up; null when leads is 0.';
COMMENT ON COLUMN rep_pipeline.contact_rate IS
    '(contacted_leads + converted_leads) / leads, 4 decimals half up; null when leads is 0.';
COMMENT ON COLUMN rep_pipeline.conversion_rate IS
    'converted_leads / leads, 4 decimals half up; null when leads is 0.';
COMMENT ON COLUMN rep_pipeline.deals IS 'Number of live deals the rep owns.';
COMMENT ON COLUMN rep_pipeline.open_deals IS 'Deals whose stage_class is open.';
COMMENT ON COLUMN rep_pipeline.won_deals IS 'Deals whose stage_class is won.';
COMMENT ON COLUMN rep_pipeline.lost_deals IS 'Deals whose stage_class is lost.';
COMMENT ON COLUMN rep_pipeline.pipeline_value IS
    'Sum of amount_home over open deals, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN rep_pipeline.weighted_pipeline IS
    'Sum of amount_home * probability / 100 over open deals, rounded once. numeric(38,2): below 10^36.';
COMMENT ON COLUMN rep_pipeline.won_value IS
    'Sum of amount_home over won deals. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN rep_pipeline.win_rate IS
    'won_deals / (won_deals + lost_deals), 4 decimals half up; null when no deal is closed.';
COMMENT ON COLUMN rep_pipeline.updated_at IS 'When the row last changed.';

CREATE TRIGGER lead_source_quality_updated_at BEFORE INSERT OR UPDATE ON lead_source_quality
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
CREATE TRIGGER rep_pipeline_updated_at BEFORE INSERT OR UPDATE ON rep_pipeline
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();

-- Business-day buckets (METRICS.md 3 and 4) ----------------------------------------------------

CREATE TABLE daily_source_stats (
    day              date          NOT NULL,
    lead_source      text          NOT NULL,
    leads_created    bigint        NOT NULL,
    junk_leads       bigint        NOT NULL,
    contacted_leads  bigint        NOT NULL,
    converted_leads  bigint        NOT NULL,
    deals_won        bigint        NOT NULL,
    won_value        numeric(38,2) NOT NULL,
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, lead_source)
);

CREATE TABLE daily_rep_stats (
    day              date          NOT NULL,
    owner_id         text          NOT NULL,
    leads_created    bigint        NOT NULL,
    junk_leads       bigint        NOT NULL,
    contacted_leads  bigint        NOT NULL,
    converted_leads  bigint        NOT NULL,
    deals_won        bigint        NOT NULL,
    won_value        numeric(38,2) NOT NULL,
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (day, owner_id)
);

COMMENT ON TABLE daily_source_stats IS
    'Per business day (PULSE_TIMEZONE) and lead_source: the day''s lead cohort and the deals won that day.';
COMMENT ON COLUMN daily_source_stats.leads_created IS 'Live leads whose cohort day is day.';
COMMENT ON COLUMN daily_source_stats.junk_leads IS 'Of those, status_class junk.';
COMMENT ON COLUMN daily_source_stats.contacted_leads IS 'Of those, status_class contacted (excludes converted).';
COMMENT ON COLUMN daily_source_stats.converted_leads IS 'Of those, status_class converted.';
COMMENT ON COLUMN daily_source_stats.deals_won IS 'Live deals with this lead_source whose won_at falls on day.';
COMMENT ON COLUMN daily_source_stats.won_value IS
    'Sum of their amount_home, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN daily_source_stats.updated_at IS 'When the row last changed.';

COMMENT ON TABLE daily_rep_stats IS
    'Per business day (PULSE_TIMEZONE) and owner: the day''s lead cohort and the deals won that day.';
COMMENT ON COLUMN daily_rep_stats.leads_created IS 'Live leads of this owner whose cohort day is day.';
COMMENT ON COLUMN daily_rep_stats.junk_leads IS 'Of those, status_class junk.';
COMMENT ON COLUMN daily_rep_stats.contacted_leads IS 'Of those, status_class contacted (excludes converted).';
COMMENT ON COLUMN daily_rep_stats.converted_leads IS 'Of those, status_class converted.';
COMMENT ON COLUMN daily_rep_stats.deals_won IS 'Live deals of this owner whose won_at falls on day.';
COMMENT ON COLUMN daily_rep_stats.won_value IS
    'Sum of their amount_home, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN daily_rep_stats.updated_at IS 'When the row last changed.';

CREATE TRIGGER daily_source_stats_updated_at BEFORE INSERT OR UPDATE ON daily_source_stats
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();
CREATE TRIGGER daily_rep_stats_updated_at BEFORE INSERT OR UPDATE ON daily_rep_stats
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();

-- Alerts, the daily summary and the WhatsApp outbox ---------------------------------------------

-- alert_id is deterministic: '<rule>/<subject>/<window>/<severity>', e.g.
-- 'R1_JUNK_SPIKE/source:Web Download/2026-11-20/warning'. A replay after a restore produces the
-- same id, so the writer upserts the same row.
CREATE TABLE alerts (
    alert_id      text        PRIMARY KEY,
    rule          text        NOT NULL,
    subject       text        NOT NULL,
    severity      text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    observed      numeric,
    expected      numeric,
    message       text        NOT NULL,
    details       jsonb,
    fired_at      timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    window_start  timestamptz,
    window_end    timestamptz,
    n             bigint,
    test          text
);

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
COMMENT ON COLUMN alerts.details IS 'The rule''s working: sample size, baseline window, p-value, contributing records.';
COMMENT ON COLUMN alerts.fired_at IS 'When the rule fired (the job''s processing time).';
COMMENT ON COLUMN alerts.window_start IS 'The start of the window judged, e.g. local midnight for today.';
COMMENT ON COLUMN alerts.window_end IS 'The end of the window judged (the check time for today so far).';
COMMENT ON COLUMN alerts.n IS 'The sample size: leads judged, untouched leads, deals won in the lookback.';
COMMENT ON COLUMN alerts.test IS
    'The test or threshold that fired with its values, e.g. binomial P(X>=14 | n=30, p0=0.08) = 0.0002 < 0.01; +26.7 pp >= 10 pp; 2.5x >= 1.5x.';

CREATE INDEX alerts_fired_at ON alerts (fired_at);
CREATE INDEX alerts_rule_subject ON alerts (rule, subject, fired_at);

-- The job writes one row per business day and never rewrites it: a replay after a restore finds
-- the row and sends its stored WhatsApp report to the outbox again, whose key makes that a no-op.
CREATE TABLE ai_summaries (
    day               date        PRIMARY KEY,
    facts             jsonb       NOT NULL,
    dashboard_report  text        NOT NULL,
    whatsapp_report   text        NOT NULL,
    model             text,
    status            text        NOT NULL CHECK (status IN ('grounded', 'fallback')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    verdict_reasons   jsonb,
    attempts          integer     CHECK (attempts >= 0),
    latency_ms        bigint      CHECK (latency_ms >= 0),
    prompt_hash       text
);

COMMENT ON TABLE ai_summaries IS
    'The daily summary per business day: the facts the job computed, and the reports written from them.';
COMMENT ON COLUMN ai_summaries.facts IS 'The fact sheet (METRICS.md 6): id, value and display text of every fact.';
COMMENT ON COLUMN ai_summaries.status IS
    'The verdict. grounded: the LLM text passed the number validator; fallback: the deterministic template stands in.';
COMMENT ON COLUMN ai_summaries.model IS 'The Ollama model asked (OLLAMA_MODEL), also when it did not answer.';
COMMENT ON COLUMN ai_summaries.verdict_reasons IS
    'JSON array of texts: each rejection of an answer (attempt 1: ..., attempt 2: ...) or why the model could not be asked; [] when the first answer passed.';
COMMENT ON COLUMN ai_summaries.attempts IS 'Chat calls made to the model: 0 when the preflight failed, at most 2.';
COMMENT ON COLUMN ai_summaries.latency_ms IS 'From the preflight to the rendered reports, in milliseconds.';
COMMENT ON COLUMN ai_summaries.prompt_hash IS 'SHA-256 (hex) of the first prompt: the rules and the fact lines.';
COMMENT ON COLUMN ai_summaries.created_at IS 'When the summary was written.';

-- The WhatsApp outbox: one row per (recipient, alert) or (recipient, summary day), written before anything is sent;
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

CREATE TABLE notifications (
    dedup_key        text        PRIMARY KEY,
    channel          text        NOT NULL DEFAULT 'whatsapp',
    recipient        text        NOT NULL,
    body             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending',
    provider_id      text,
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    kind             text        NOT NULL,
    ref              text        NOT NULL,
    severity         text,
    message_id       text,
    error_code       integer,
    next_attempt_at  timestamptz NOT NULL,
    last_attempt_at  timestamptz,
    sent_at          timestamptz,
    CONSTRAINT notifications_kind CHECK (kind IN ('alert', 'summary')),
    CONSTRAINT notifications_channel CHECK (channel = 'whatsapp'),
    -- A dry run (Twilio not configured) without RECIPIENT_PHONE_NUMBER still keeps each message in
    -- the outbox, printed to the log, for the pseudo-recipient 'log' (the demo's case). Only
    -- dry_run rows may use it: nothing is ever sent to it.
    CONSTRAINT notifications_recipient
        CHECK (recipient ~ '^whatsapp:\+[1-9][0-9]{7,14}$'
               OR (recipient = 'log' AND provider_id IS NULL)),
    CONSTRAINT notifications_severity
        CHECK (CASE kind
                   WHEN 'alert' THEN severity IN ('critical', 'warning', 'info')
                   ELSE severity IS NULL
               END),
    CONSTRAINT notifications_status CHECK (status IN ('pending', 'sending', 'sent', 'delivered',
                                                      'read', 'failed', 'undelivered',
                                                      'dry_run', 'capped')),
    CONSTRAINT notifications_attempts CHECK (attempts >= 0)
);

COMMENT ON TABLE notifications IS
    'The outbox: one row per message per recipient, written before sending, so a restart never sends twice.';
COMMENT ON COLUMN notifications.dedup_key IS
    'Deterministic: alert:<alert_id>:<recipient> or summary:<day>:<recipient>.';
COMMENT ON COLUMN notifications.kind IS 'alert or summary.';
COMMENT ON COLUMN notifications.ref IS 'The alert_id of alerts, or the summary''s day (yyyy-mm-dd).';
COMMENT ON COLUMN notifications.channel IS 'whatsapp.';
COMMENT ON COLUMN notifications.recipient IS
    'whatsapp:+E164, or ''log'' for a dry run without RECIPIENT_PHONE_NUMBER (printed, never sent).';
COMMENT ON COLUMN notifications.severity IS 'critical, warning or info for alerts; null for summaries.';
COMMENT ON COLUMN notifications.body IS 'The text of this one alert or summary, before grouping.';
COMMENT ON COLUMN notifications.status IS
    'pending, sending, sent, delivered, read, failed, undelivered, dry_run or capped (see sql/postgres/V1__crm_pulse_schema.sql).';
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

CREATE INDEX notifications_status ON notifications (status);
-- The dispatcher's look-ups: the open rows of a recipient, and its alert messages of a day.
CREATE INDEX notifications_open ON notifications (recipient, next_attempt_at)
    WHERE status IN ('pending', 'sending');
CREATE INDEX notifications_recipient_sent ON notifications (recipient, sent_at)
    WHERE sent_at IS NOT NULL;
CREATE INDEX notifications_provider_id ON notifications (provider_id)
    WHERE provider_id IS NOT NULL;

CREATE TRIGGER notifications_updated_at BEFORE INSERT OR UPDATE ON notifications
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();

-- Sync progress and rejected records -----------------------------------------------------------

CREATE TABLE sync_state (
    module                text        PRIMARY KEY,
    cursor                timestamptz,
    records_synced        bigint      NOT NULL DEFAULT 0,
    api_calls             bigint      NOT NULL DEFAULT 0,
    last_successful_poll  timestamptz,
    lag_seconds           numeric,
    updated_at            timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE sync_state IS 'Zoho sync progress per CRM module.';
COMMENT ON COLUMN sync_state.cursor IS 'The newest Modified_Time the job has emitted for the module.';
COMMENT ON COLUMN sync_state.records_synced IS 'Record changes emitted since the job''s state began.';
COMMENT ON COLUMN sync_state.api_calls IS 'Zoho API calls made for the module.';
COMMENT ON COLUMN sync_state.last_successful_poll IS 'When a poll of the module last completed.';
COMMENT ON COLUMN sync_state.lag_seconds IS 'How far the mirror is behind the CRM, in seconds.';

CREATE TRIGGER sync_state_updated_at BEFORE INSERT OR UPDATE ON sync_state
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();

CREATE TABLE dead_letters (
    id           text        PRIMARY KEY,
    module       text        NOT NULL,
    record_id    text,
    reason       text        NOT NULL,
    payload      text,
    received_at  timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE dead_letters IS
    'CRM records the job could not normalize, with the reason; the job goes on. payload may hold personal data.';
COMMENT ON COLUMN dead_letters.module IS
    'Leads or Deals for a record the job could not normalize or whose values the tables cannot hold; a table''s name for a row PostgreSQL refused.';
COMMENT ON COLUMN dead_letters.id IS
    'module:record_id, or module:sha256:<payload hash> when the record has no id; <table>:<key values joined by /> for a row PostgreSQL refused. NUL characters and unpaired surrogates are replaced by U+FFFD.';

CREATE TRIGGER dead_letters_updated_at BEFORE INSERT OR UPDATE ON dead_letters
    FOR EACH ROW EXECUTE FUNCTION pulse_touch_updated_at();

-- Views for dashboards (Grafana) and for people with psql ---------------------------------------
--
-- "Today" is a business day. The job publishes its timezone (PULSE_TIMEZONE) as the database
-- setting pulse.timezone at start; without it, a view falls back to the session's TimeZone.

-- Source quality over the last 7 and 30 business days ----------------------------------------
-- The window ends at the newest cohort day in crm_leads, not at the clock, so a CRM that went
-- quiet still shows its last week. Lead columns cover the leads whose cohort day is inside the
-- window, with the formulas of lead_source_quality; deals_won and won_value cover the deals won
-- on a day inside it, as in daily_source_stats. Summing daily_source_stats over the window gives
-- the same counts.

CREATE VIEW v_source_quality_7d AS
WITH bounds AS (
    SELECT max(cohort_day) - 6 AS first_day, max(cohort_day) AS last_day
    FROM crm_leads
),
cohort AS (
    SELECT l.lead_source,
           count(*)                                               AS leads,
           count(*) FILTER (WHERE l.status_class = 'junk')        AS junk_leads,
           count(*) FILTER (WHERE l.status_class = 'untouched')   AS untouched_leads,
           count(*) FILTER (WHERE l.status_class = 'attempted')   AS attempted_leads,
           count(*) FILTER (WHERE l.status_class = 'contacted')   AS contacted_leads,
           count(*) FILTER (WHERE l.status_class = 'converted')   AS converted_leads
    FROM crm_leads l
    JOIN bounds b ON l.cohort_day BETWEEN b.first_day AND b.last_day
    GROUP BY l.lead_source
),
wins AS (
    SELECT d.lead_source, count(*) AS deals_won, sum(d.amount_home) AS won_value
    FROM crm_deals d
    JOIN bounds b ON d.won_day BETWEEN b.first_day AND b.last_day
    GROUP BY d.lead_source
)
SELECT coalesce(c.lead_source, w.lead_source)                           AS lead_source,
       b.first_day,
       b.last_day,
       coalesce(c.leads, 0)                                             AS leads,
       coalesce(c.junk_leads, 0)                                        AS junk_leads,
       coalesce(c.untouched_leads, 0)                                   AS untouched_leads,
       coalesce(c.attempted_leads, 0)                                   AS attempted_leads,
       coalesce(c.contacted_leads, 0)                                   AS contacted_leads,
       coalesce(c.converted_leads, 0)                                   AS converted_leads,
       round(c.junk_leads::numeric / nullif(c.leads, 0), 4)::numeric(9,4) AS junk_rate,
       round((c.contacted_leads + c.converted_leads)::numeric / nullif(c.leads, 0), 4)::numeric(9,4)
                                                                        AS contact_rate,
       round(c.converted_leads::numeric / nullif(c.leads, 0), 4)::numeric(9,4) AS conversion_rate,
       coalesce(w.deals_won, 0)                                         AS deals_won,
       coalesce(w.won_value, 0)::numeric(38,2)                          AS won_value
FROM cohort c
FULL JOIN wins w ON w.lead_source = c.lead_source
CROSS JOIN bounds b;

CREATE VIEW v_source_quality_30d AS
WITH bounds AS (
    SELECT max(cohort_day) - 29 AS first_day, max(cohort_day) AS last_day
    FROM crm_leads
),
cohort AS (
    SELECT l.lead_source,
           count(*)                                               AS leads,
           count(*) FILTER (WHERE l.status_class = 'junk')        AS junk_leads,
           count(*) FILTER (WHERE l.status_class = 'untouched')   AS untouched_leads,
           count(*) FILTER (WHERE l.status_class = 'attempted')   AS attempted_leads,
           count(*) FILTER (WHERE l.status_class = 'contacted')   AS contacted_leads,
           count(*) FILTER (WHERE l.status_class = 'converted')   AS converted_leads
    FROM crm_leads l
    JOIN bounds b ON l.cohort_day BETWEEN b.first_day AND b.last_day
    GROUP BY l.lead_source
),
wins AS (
    SELECT d.lead_source, count(*) AS deals_won, sum(d.amount_home) AS won_value
    FROM crm_deals d
    JOIN bounds b ON d.won_day BETWEEN b.first_day AND b.last_day
    GROUP BY d.lead_source
)
SELECT coalesce(c.lead_source, w.lead_source)                           AS lead_source,
       b.first_day,
       b.last_day,
       coalesce(c.leads, 0)                                             AS leads,
       coalesce(c.junk_leads, 0)                                        AS junk_leads,
       coalesce(c.untouched_leads, 0)                                   AS untouched_leads,
       coalesce(c.attempted_leads, 0)                                   AS attempted_leads,
       coalesce(c.contacted_leads, 0)                                   AS contacted_leads,
       coalesce(c.converted_leads, 0)                                   AS converted_leads,
       round(c.junk_leads::numeric / nullif(c.leads, 0), 4)::numeric(9,4) AS junk_rate,
       round((c.contacted_leads + c.converted_leads)::numeric / nullif(c.leads, 0), 4)::numeric(9,4)
                                                                        AS contact_rate,
       round(c.converted_leads::numeric / nullif(c.leads, 0), 4)::numeric(9,4) AS conversion_rate,
       coalesce(w.deals_won, 0)                                         AS deals_won,
       coalesce(w.won_value, 0)::numeric(38,2)                          AS won_value
FROM cohort c
FULL JOIN wins w ON w.lead_source = c.lead_source
CROSS JOIN bounds b;

COMMENT ON VIEW v_source_quality_7d IS
    'Per lead_source over the 7 business days ending at the newest cohort day: the lead cohort and the deals won.';
COMMENT ON VIEW v_source_quality_30d IS
    'Per lead_source over the 30 business days ending at the newest cohort day: the lead cohort and the deals won.';

-- Rep leaderboard -------------------------------------------------------------------------------

CREATE VIEW v_rep_leaderboard AS
SELECT rank() OVER (ORDER BY r.won_value DESC) AS rank,
       r.*
FROM rep_pipeline r
ORDER BY r.won_value DESC, r.owner_name, r.owner_id;

COMMENT ON VIEW v_rep_leaderboard IS
    'rep_pipeline ranked by won_value, highest first; reps with equal won_value share a rank.';

-- Alerts fired today ----------------------------------------------------------------------------

CREATE VIEW v_alerts_today AS
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

-- Sync freshness --------------------------------------------------------------------------------

CREATE VIEW v_freshness AS
SELECT s.module,
       s.last_successful_poll,
       round(extract(epoch FROM now() - s.last_successful_poll))::bigint AS seconds_since_last_poll,
       s.lag_seconds,
       s.cursor,
       s.records_synced,
       s.api_calls,
       CASE WHEN s.last_successful_poll >= now() - interval '15 minutes' THEN 'fresh' ELSE 'stale' END
                                                                         AS status
FROM sync_state s
ORDER BY s.module;

COMMENT ON VIEW v_freshness IS
    'Per CRM module: stale when no poll has succeeded in the last 15 minutes (or ever), else fresh.';

-- The outbox and the rejected records, without recipients, texts or payloads ------------------

CREATE VIEW v_notifications AS
SELECT n.kind,
       n.ref,
       n.severity,
       n.channel,
       n.status,
       n.message_id,
       n.attempts,
       n.error_code,
       n.created_at,
       n.next_attempt_at,
       n.last_attempt_at,
       n.sent_at,
       n.updated_at
FROM notifications n;

COMMENT ON VIEW v_notifications IS
    'The WhatsApp outbox (notifications) without recipient, body, dedup_key, provider_id or last_error: one row per message and recipient, for delivery dashboards.';

CREATE VIEW v_dead_letters AS
SELECT d.id,
       d.module,
       d.record_id,
       d.reason,
       d.received_at,
       d.updated_at
FROM dead_letters d;

COMMENT ON VIEW v_dead_letters IS
    'Records the job could not normalize (dead_letters), without the payload: the Zoho id and the reason, to fix the record in the CRM.';

-- pulse_reader, a read-only role for dashboards and analysts --------------------------------------
--
-- It reads the metrics and the dashboard views, nothing else; a table or view that a later
-- migration adds is not readable until that migration grants it (and adds it to
-- ReaderRole.READABLE, which the job checks at every start). It cannot log in until an
-- administrator allows it:
--     ALTER ROLE pulse_reader LOGIN PASSWORD '...';
-- Roles belong to the whole PostgreSQL cluster, so the role is created only if it is missing (an
-- earlier install, or another database of the same cluster, may have made it already).
--
-- Not readable, and why:
--   crm_leads, crm_deals   one row per lead or deal, linkable to a person in the CRM; deal_name is
--                          free text that often names the customer. The views and matrices above
--                          carry what dashboards need from them, as aggregates.
--   notifications          recipients (executives' phone numbers) and message texts; dedup_key and
--                          last_error repeat the recipient. v_notifications shows the rest.
--   dead_letters           payload is the record as Zoho sent it, personal data included.
--                          v_dead_letters shows the rest.
--   flyway_schema_history  nothing for a dashboard.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pulse_reader') THEN
        CREATE ROLE pulse_reader NOLOGIN;
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'cannot create the role pulse_reader: %', SQLERRM
            USING HINT = 'Have an administrator run CREATE ROLE pulse_reader NOLOGIN once, '
                         'or give the job''s database user CREATEROLE, then restart the job.';
END
$$;

GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO pulse_reader;
GRANT SELECT ON
    lead_source_quality,
    rep_pipeline,
    daily_source_stats,
    daily_rep_stats,
    deal_stage_events,
    alerts,
    ai_summaries,
    sync_state,
    v_source_quality_7d,
    v_source_quality_30d,
    v_rep_leaderboard,
    v_alerts_today,
    v_freshness,
    v_notifications,
    v_dead_letters
TO pulse_reader;
