-- CRM Pulse schema, version 1: the CRM mirrors, the metrics tables, and the tables that alerts, the
-- daily summary, the WhatsApp outbox, sync progress and rejected records go to (DESIGN.md 4.3).
-- Column meanings are METRICS.md's. Applied by the job at start with Flyway; never edit a released
-- migration, add the next version instead.
--
-- Every table has its natural key, so each writer upserts and a replay rewrites the same rows.
-- NOT NULL marks what METRICS.md guarantees; a rate is NULL when its denominator is 0.

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
COMMENT ON COLUMN crm_deals.amount IS 'Amount in the deal currency; null is 0.';
COMMENT ON COLUMN crm_deals.exchange_rate IS 'Exchange_Rate; null or not positive is 1.';
COMMENT ON COLUMN crm_deals.amount_home IS
    'amount / exchange_rate in the home currency, rounded to 2 decimals half up; every sum adds these.';
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
    pipeline_value     numeric(18,2) NOT NULL,
    weighted_pipeline  numeric(18,2) NOT NULL,
    won_value          numeric(18,2) NOT NULL,
    win_rate           numeric(9,4),
    updated_at         timestamptz   NOT NULL
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
    pipeline_value     numeric(18,2) NOT NULL,
    weighted_pipeline  numeric(18,2) NOT NULL,
    won_value          numeric(18,2) NOT NULL,
    win_rate           numeric(9,4),
    updated_at         timestamptz   NOT NULL
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
    'Sum of amount_home over open deals, home currency, rounded once.';
COMMENT ON COLUMN lead_source_quality.weighted_pipeline IS
    'Sum of amount_home * probability / 100 over open deals, rounded once.';
COMMENT ON COLUMN lead_source_quality.won_value IS 'Sum of amount_home over won deals.';
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
COMMENT ON COLUMN rep_pipeline.pipeline_value IS 'Sum of amount_home over open deals, rounded once.';
COMMENT ON COLUMN rep_pipeline.weighted_pipeline IS
    'Sum of amount_home * probability / 100 over open deals, rounded once.';
COMMENT ON COLUMN rep_pipeline.won_value IS 'Sum of amount_home over won deals.';
COMMENT ON COLUMN rep_pipeline.win_rate IS
    'won_deals / (won_deals + lost_deals), 4 decimals half up; null when no deal is closed.';
COMMENT ON COLUMN rep_pipeline.updated_at IS 'When the row last changed.';

-- Business-day buckets (METRICS.md 3 and 4) ----------------------------------------------------

CREATE TABLE daily_source_stats (
    day              date          NOT NULL,
    lead_source      text          NOT NULL,
    leads_created    bigint        NOT NULL,
    junk_leads       bigint        NOT NULL,
    contacted_leads  bigint        NOT NULL,
    converted_leads  bigint        NOT NULL,
    deals_won        bigint        NOT NULL,
    won_value        numeric(18,2) NOT NULL,
    updated_at       timestamptz   NOT NULL,
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
    won_value        numeric(18,2) NOT NULL,
    updated_at       timestamptz   NOT NULL,
    PRIMARY KEY (day, owner_id)
);

COMMENT ON TABLE daily_source_stats IS
    'Per business day (PULSE_TIMEZONE) and lead_source: the day''s lead cohort and the deals won that day.';
COMMENT ON COLUMN daily_source_stats.leads_created IS 'Live leads whose cohort day is day.';
COMMENT ON COLUMN daily_source_stats.junk_leads IS 'Of those, status_class junk.';
COMMENT ON COLUMN daily_source_stats.contacted_leads IS 'Of those, status_class contacted (excludes converted).';
COMMENT ON COLUMN daily_source_stats.converted_leads IS 'Of those, status_class converted.';
COMMENT ON COLUMN daily_source_stats.deals_won IS 'Live deals with this lead_source whose won_at falls on day.';
COMMENT ON COLUMN daily_source_stats.won_value IS 'Sum of their amount_home, rounded once.';
COMMENT ON COLUMN daily_source_stats.updated_at IS 'When the row last changed.';

COMMENT ON TABLE daily_rep_stats IS
    'Per business day (PULSE_TIMEZONE) and owner: the day''s lead cohort and the deals won that day.';
COMMENT ON COLUMN daily_rep_stats.leads_created IS 'Live leads of this owner whose cohort day is day.';
COMMENT ON COLUMN daily_rep_stats.junk_leads IS 'Of those, status_class junk.';
COMMENT ON COLUMN daily_rep_stats.contacted_leads IS 'Of those, status_class contacted (excludes converted).';
COMMENT ON COLUMN daily_rep_stats.converted_leads IS 'Of those, status_class converted.';
COMMENT ON COLUMN daily_rep_stats.deals_won IS 'Live deals of this owner whose won_at falls on day.';
COMMENT ON COLUMN daily_rep_stats.won_value IS 'Sum of their amount_home, rounded once.';
COMMENT ON COLUMN daily_rep_stats.updated_at IS 'When the row last changed.';

-- Alerts, the daily summary and the WhatsApp outbox ---------------------------------------------

CREATE TABLE alerts (
    alert_id    text        PRIMARY KEY,
    rule        text        NOT NULL,
    subject     text        NOT NULL,
    severity    text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    observed    numeric,
    expected    numeric,
    message     text        NOT NULL,
    details     jsonb,
    fired_at    timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE alerts IS 'Every alert fired. alert_id is deterministic, so a replayed alert is the same row.';
COMMENT ON COLUMN alerts.rule IS 'The rule that fired, e.g. junk_spike, source_silent, big_deal_lost.';
COMMENT ON COLUMN alerts.subject IS 'What it fired for: a lead source, a rep, a deal, or the whole CRM.';
COMMENT ON COLUMN alerts.observed IS 'The observed value the rule judged.';
COMMENT ON COLUMN alerts.expected IS 'The expected value or threshold it was judged against.';
COMMENT ON COLUMN alerts.details IS 'The rule''s working: sample size, baseline window, p-value, contributing records.';

CREATE INDEX alerts_fired_at ON alerts (fired_at);

CREATE TABLE ai_summaries (
    day               date        PRIMARY KEY,
    facts             jsonb       NOT NULL,
    dashboard_report  text        NOT NULL,
    whatsapp_report   text        NOT NULL,
    model             text,
    status            text        NOT NULL CHECK (status IN ('grounded', 'fallback')),
    created_at        timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE ai_summaries IS
    'The daily summary per business day: the facts the job computed, and the reports written from them.';
COMMENT ON COLUMN ai_summaries.facts IS 'The fact sheet (METRICS.md 6): id, value and display text of every fact.';
COMMENT ON COLUMN ai_summaries.model IS 'The LLM that wrote the reports; null when none answered.';
COMMENT ON COLUMN ai_summaries.status IS
    'grounded: the LLM text passed the number validator; fallback: the deterministic template stands in.';

CREATE TABLE notifications (
    dedup_key    text        PRIMARY KEY,
    channel      text        NOT NULL,
    recipient    text        NOT NULL,
    body         text        NOT NULL,
    status       text        NOT NULL,
    provider_id  text,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE notifications IS
    'The outbox: one row per message per recipient, written before sending, so a restart never sends twice.';
COMMENT ON COLUMN notifications.dedup_key IS 'Deterministic: recipient and the alert id or summary day.';
COMMENT ON COLUMN notifications.status IS 'e.g. pending, submitted, delivered, failed, dry_run.';
COMMENT ON COLUMN notifications.provider_id IS 'The provider''s message id (Twilio SID) once submitted.';

CREATE INDEX notifications_status ON notifications (status);

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
COMMENT ON COLUMN dead_letters.id IS 'module:record_id, or module:sha256:<payload hash> when the record has no id.';
