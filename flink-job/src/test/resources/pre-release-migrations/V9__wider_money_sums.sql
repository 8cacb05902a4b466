-- CRM Pulse schema, version 9: money sums wide enough for any realistic CRM (issue 10).
--
-- A deal's amount and amount_home stay numeric(18,2): the job refuses (as a dead letter) a deal
-- whose amount or amount_home is 10^16 or more in absolute value. A sum of them did not fit the
-- same type: two deals of 6 * 10^15 in one source overflowed numeric(18,2), and the job could not
-- write the row. The sums are now numeric(38,2), the width of Flink's SUM over numeric(18,2): they
-- hold anything below 10^36, i.e. 10^20 deals at the largest amount each.
--
-- Increasing a numeric's precision with the same scale rewrites no table. v_rep_leaderboard reads
-- rep_pipeline.* and must be dropped for the change, then is recreated exactly as V2 defined it.
-- v_source_quality_7d and _30d cast their won_value, a sum over crm_deals, to numeric(18,2); they
-- are recreated with numeric(38,2) instead, otherwise as V2 defined them. All three get the
-- reader's grant again (V3). The comments state the bounds, and what dead_letters now also holds:
-- rows the PostgreSQL sink could not write.

DROP VIEW v_rep_leaderboard;
DROP VIEW v_source_quality_7d;
DROP VIEW v_source_quality_30d;

ALTER TABLE lead_source_quality
    ALTER COLUMN pipeline_value    TYPE numeric(38,2),
    ALTER COLUMN weighted_pipeline TYPE numeric(38,2),
    ALTER COLUMN won_value         TYPE numeric(38,2);

ALTER TABLE rep_pipeline
    ALTER COLUMN pipeline_value    TYPE numeric(38,2),
    ALTER COLUMN weighted_pipeline TYPE numeric(38,2),
    ALTER COLUMN won_value         TYPE numeric(38,2);

ALTER TABLE daily_source_stats ALTER COLUMN won_value TYPE numeric(38,2);
ALTER TABLE daily_rep_stats ALTER COLUMN won_value TYPE numeric(38,2);

COMMENT ON COLUMN lead_source_quality.pipeline_value IS
    'Sum of amount_home over open deals, home currency, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN lead_source_quality.weighted_pipeline IS
    'Sum of amount_home * probability / 100 over open deals, rounded once. numeric(38,2): below 10^36.';
COMMENT ON COLUMN lead_source_quality.won_value IS
    'Sum of amount_home over won deals. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN rep_pipeline.pipeline_value IS
    'Sum of amount_home over open deals, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN rep_pipeline.weighted_pipeline IS
    'Sum of amount_home * probability / 100 over open deals, rounded once. numeric(38,2): below 10^36.';
COMMENT ON COLUMN rep_pipeline.won_value IS
    'Sum of amount_home over won deals. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN daily_source_stats.won_value IS
    'Sum of their amount_home, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN daily_rep_stats.won_value IS
    'Sum of their amount_home, rounded once. numeric(38,2): each amount_home is below 10^16, the sum below 10^36.';
COMMENT ON COLUMN crm_deals.amount IS
    'Amount in the deal currency; null is 0. Below 10^16 in absolute value: the job refuses a larger one as a dead letter.';
COMMENT ON COLUMN crm_deals.exchange_rate IS
    'Exchange_Rate; null or not positive is 1. From 0.0000005 (it rounds to 0.000001) to below 10^12: the job refuses others as dead letters.';
COMMENT ON COLUMN crm_deals.amount_home IS
    'amount / exchange_rate in the home currency, rounded to 2 decimals half up; every sum adds these. Below 10^16 in absolute value, and not 0.00 for an amount that is not 0: the job refuses others as dead letters.';
COMMENT ON COLUMN dead_letters.module IS
    'Leads or Deals for a record the job could not normalize or whose values the tables cannot hold; a table''s name for a row PostgreSQL refused.';
COMMENT ON COLUMN dead_letters.id IS
    'module:record_id, or module:sha256:<payload hash> when the record has no id; <table>:<key values joined by /> for a row PostgreSQL refused. NUL characters and unpaired surrogates are replaced by U+FFFD.';

-- As V2 defined them, with won_value numeric(38,2) ----------------------------------------------

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

-- As V2 defined it -------------------------------------------------------------------------------

CREATE VIEW v_rep_leaderboard AS
SELECT rank() OVER (ORDER BY r.won_value DESC) AS rank,
       r.*
FROM rep_pipeline r
ORDER BY r.won_value DESC, r.owner_name, r.owner_id;

COMMENT ON VIEW v_rep_leaderboard IS
    'rep_pipeline ranked by won_value, highest first; reps with equal won_value share a rank.';

GRANT SELECT ON v_source_quality_7d, v_source_quality_30d, v_rep_leaderboard TO pulse_reader;
