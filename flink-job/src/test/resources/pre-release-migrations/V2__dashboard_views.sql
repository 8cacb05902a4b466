-- CRM Pulse schema, version 2: views for dashboards (Grafana) and for people with psql.
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
       coalesce(w.won_value, 0)::numeric(18,2)                          AS won_value
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
       coalesce(w.won_value, 0)::numeric(18,2)                          AS won_value
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
       a.details
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
