-- CRM Pulse continuous aggregations (docs/METRICS.md section 4), run by the job over two changelog
-- tables that it registers itself from the Zoho source:
--   leads (id PK, lead_source, lead_status, status_class, owner_id, owner_name, created_time,
--          modified_time, converted, converted_at, cohort_day)
--   deals (id PK, deal_name, stage, stage_class, amount, exchange_rate, amount_home, probability,
--          owner_id, owner_name, lead_source, closing_date, created_time, modified_time, won_at,
--          lost_at, won_day)
-- An edit retracts the lead's or deal's old version before adding the new one, so a lead that
-- moves to another source, owner, status or day moves its counts; a deletion retracts it. A group
-- whose last record leaves is retracted, which deletes its row in PostgreSQL.
--
-- The job also registers three insert-only views: sync_progress (one row per completed poll of a
-- module), and dead_letter_rows (records it could not normalize) and stage_event_rows (each stage
-- a deal entered), whose columns are the field names of the job's DeadLetter and DealStageEvent.
--
-- Rates are rounded to 4 decimals and money to 2 (half up), once, at the end; a rate whose
-- denominator is 0 is NULL. A money sum is DECIMAL(38, 2), what SUM over the deals' DECIMAL(18, 2)
-- gives, and pulse_money keeps that width: a narrower cast would turn a large sum into NULL.
--
-- Times stay instants (TIMESTAMP_LTZ) all the way to PostgreSQL's timestamptz columns; nothing
-- here casts them to a wall-clock TIMESTAMP, which would depend on the session's time zone.

CREATE TEMPORARY VIEW lead_counts_by_source AS
SELECT lead_source,
       COUNT(*)                                              AS leads,
       COUNT(*) FILTER (WHERE status_class = 'junk')         AS junk_leads,
       COUNT(*) FILTER (WHERE status_class = 'untouched')    AS untouched_leads,
       COUNT(*) FILTER (WHERE status_class = 'attempted')    AS attempted_leads,
       COUNT(*) FILTER (WHERE status_class = 'contacted')    AS contacted_leads,
       COUNT(*) FILTER (WHERE status_class = 'converted')    AS converted_leads
FROM leads
GROUP BY lead_source;

CREATE TEMPORARY VIEW deal_sums_by_source AS
SELECT lead_source,
       COUNT(*)                                              AS deals,
       COUNT(*) FILTER (WHERE stage_class = 'open')          AS open_deals,
       COUNT(*) FILTER (WHERE stage_class = 'won')           AS won_deals,
       COUNT(*) FILTER (WHERE stage_class = 'lost')          AS lost_deals,
       SUM(amount_home) FILTER (WHERE stage_class = 'open')  AS pipeline_value,
       SUM(amount_home * probability) FILTER (WHERE stage_class = 'open') AS weighted_pipeline_x100,
       SUM(amount_home) FILTER (WHERE stage_class = 'won')   AS won_value
FROM deals
GROUP BY lead_source;

-- A rep's name is the same on all their records unless they were renamed in Zoho. MAX keeps a
-- count per distinct name of the owner; LAST_VALUE, which would follow the latest change, keeps
-- every live record's value in state so that it can retract it (docs/METRICS.md, rep_pipeline).
CREATE TEMPORARY VIEW lead_counts_by_owner AS
SELECT owner_id,
       MAX(owner_name)                                       AS owner_name,
       COUNT(*)                                              AS leads,
       COUNT(*) FILTER (WHERE status_class = 'junk')         AS junk_leads,
       COUNT(*) FILTER (WHERE status_class = 'untouched')    AS untouched_leads,
       COUNT(*) FILTER (WHERE status_class = 'attempted')    AS attempted_leads,
       COUNT(*) FILTER (WHERE status_class = 'contacted')    AS contacted_leads,
       COUNT(*) FILTER (WHERE status_class = 'converted')    AS converted_leads
FROM leads
GROUP BY owner_id;

CREATE TEMPORARY VIEW deal_sums_by_owner AS
SELECT owner_id,
       MAX(owner_name)                                       AS owner_name,
       COUNT(*)                                              AS deals,
       COUNT(*) FILTER (WHERE stage_class = 'open')          AS open_deals,
       COUNT(*) FILTER (WHERE stage_class = 'won')           AS won_deals,
       COUNT(*) FILTER (WHERE stage_class = 'lost')          AS lost_deals,
       SUM(amount_home) FILTER (WHERE stage_class = 'open')  AS pipeline_value,
       SUM(amount_home * probability) FILTER (WHERE stage_class = 'open') AS weighted_pipeline_x100,
       SUM(amount_home) FILTER (WHERE stage_class = 'won')   AS won_value
FROM deals
GROUP BY owner_id;

CREATE TEMPORARY VIEW daily_leads_by_source AS
SELECT cohort_day AS `day`, lead_source,
       COUNT(*)                                              AS leads_created,
       COUNT(*) FILTER (WHERE status_class = 'junk')         AS junk_leads,
       COUNT(*) FILTER (WHERE status_class = 'contacted')    AS contacted_leads,
       COUNT(*) FILTER (WHERE status_class = 'converted')    AS converted_leads
FROM leads
GROUP BY cohort_day, lead_source;

CREATE TEMPORARY VIEW daily_wins_by_source AS
SELECT won_day AS `day`, lead_source,
       COUNT(*)                                              AS deals_won,
       SUM(amount_home)                                      AS won_value
FROM deals
WHERE won_day IS NOT NULL
GROUP BY won_day, lead_source;

CREATE TEMPORARY VIEW daily_leads_by_owner AS
SELECT cohort_day AS `day`, owner_id,
       COUNT(*)                                              AS leads_created,
       COUNT(*) FILTER (WHERE status_class = 'junk')         AS junk_leads,
       COUNT(*) FILTER (WHERE status_class = 'contacted')    AS contacted_leads,
       COUNT(*) FILTER (WHERE status_class = 'converted')    AS converted_leads
FROM leads
GROUP BY cohort_day, owner_id;

CREATE TEMPORARY VIEW daily_wins_by_owner AS
SELECT won_day AS `day`, owner_id,
       COUNT(*)                                              AS deals_won,
       SUM(amount_home)                                      AS won_value
FROM deals
WHERE won_day IS NOT NULL
GROUP BY won_day, owner_id;

INSERT INTO crm_leads
SELECT id, lead_source, lead_status, status_class, owner_id, owner_name, created_time,
       modified_time, converted, converted_at, cohort_day
FROM leads;

INSERT INTO crm_deals
SELECT id, deal_name, stage, stage_class, amount, exchange_rate, amount_home, probability,
       owner_id, owner_name, lead_source, closing_date, created_time, modified_time, won_at,
       lost_at, won_day
FROM deals;

INSERT INTO lead_source_quality
SELECT COALESCE(l.lead_source, d.lead_source)                            AS lead_source,
       COALESCE(l.leads, 0), COALESCE(l.junk_leads, 0), COALESCE(l.untouched_leads, 0),
       COALESCE(l.attempted_leads, 0), COALESCE(l.contacted_leads, 0),
       COALESCE(l.converted_leads, 0),
       pulse_rate(l.junk_leads, l.leads)                                 AS junk_rate,
       pulse_rate(l.contacted_leads + l.converted_leads, l.leads)        AS contact_rate,
       pulse_rate(l.converted_leads, l.leads)                            AS conversion_rate,
       COALESCE(d.deals, 0), COALESCE(d.open_deals, 0), COALESCE(d.won_deals, 0),
       COALESCE(d.lost_deals, 0),
       pulse_money(d.pipeline_value)                                     AS pipeline_value,
       pulse_money(d.weighted_pipeline_x100 / 100)                       AS weighted_pipeline,
       pulse_money(d.won_value)                                          AS won_value,
       pulse_rate(d.won_deals, d.won_deals + d.lost_deals)               AS win_rate
FROM lead_counts_by_source l
FULL OUTER JOIN deal_sums_by_source d ON l.lead_source = d.lead_source;

INSERT INTO rep_pipeline
SELECT COALESCE(l.owner_id, d.owner_id)                                  AS owner_id,
       COALESCE(d.owner_name, l.owner_name)                              AS owner_name,
       COALESCE(l.leads, 0), COALESCE(l.junk_leads, 0), COALESCE(l.untouched_leads, 0),
       COALESCE(l.attempted_leads, 0), COALESCE(l.contacted_leads, 0),
       COALESCE(l.converted_leads, 0),
       pulse_rate(l.junk_leads, l.leads)                                 AS junk_rate,
       pulse_rate(l.contacted_leads + l.converted_leads, l.leads)        AS contact_rate,
       pulse_rate(l.converted_leads, l.leads)                            AS conversion_rate,
       COALESCE(d.deals, 0), COALESCE(d.open_deals, 0), COALESCE(d.won_deals, 0),
       COALESCE(d.lost_deals, 0),
       pulse_money(d.pipeline_value)                                     AS pipeline_value,
       pulse_money(d.weighted_pipeline_x100 / 100)                       AS weighted_pipeline,
       pulse_money(d.won_value)                                          AS won_value,
       pulse_rate(d.won_deals, d.won_deals + d.lost_deals)               AS win_rate
FROM lead_counts_by_owner l
FULL OUTER JOIN deal_sums_by_owner d ON l.owner_id = d.owner_id;

INSERT INTO daily_source_stats
SELECT COALESCE(l.`day`, w.`day`), COALESCE(l.lead_source, w.lead_source),
       COALESCE(l.leads_created, 0), COALESCE(l.junk_leads, 0),
       COALESCE(l.contacted_leads, 0), COALESCE(l.converted_leads, 0),
       COALESCE(w.deals_won, 0), pulse_money(w.won_value)
FROM daily_leads_by_source l
FULL OUTER JOIN daily_wins_by_source w
  ON l.`day` = w.`day` AND l.lead_source = w.lead_source;

INSERT INTO daily_rep_stats
SELECT COALESCE(l.`day`, w.`day`), COALESCE(l.owner_id, w.owner_id),
       COALESCE(l.leads_created, 0), COALESCE(l.junk_leads, 0),
       COALESCE(l.contacted_leads, 0), COALESCE(l.converted_leads, 0),
       COALESCE(w.deals_won, 0), pulse_money(w.won_value)
FROM daily_leads_by_owner l
FULL OUTER JOIN daily_wins_by_owner w
  ON l.`day` = w.`day` AND l.owner_id = w.owner_id;

INSERT INTO sync_state
SELECT `module`, CAST(`cursor` AS TIMESTAMP_LTZ(3)), records_synced, api_calls,
       CAST(poll_completed_at AS TIMESTAMP_LTZ(3)),
       CAST(TIMESTAMPDIFF(SECOND, poll_started_at, poll_completed_at) AS DECIMAL(12, 3))
FROM sync_progress;

INSERT INTO dead_letters
SELECT id, `module`, recordId, reason, payload, CAST(receivedAt AS TIMESTAMP_LTZ(3))
FROM dead_letter_rows;

INSERT INTO deal_stage_events
SELECT dealId, CAST(changedAt AS TIMESTAMP_LTZ(3)), toStage, fromStage, toStageClass,
       CAST(amountHome AS DECIMAL(18, 2))
FROM stage_event_rows;

-- Every alert the anomaly rules fired (flink-job/.../alerts/). A replayed alert has the same id,
-- so it rewrites its own row.
INSERT INTO alerts
SELECT alertId, rule, subject, severity, CAST(observed AS DECIMAL(20, 4)),
       CAST(expected AS DECIMAL(20, 4)), message, CAST(firedAt AS TIMESTAMP_LTZ(3)),
       CAST(windowStart AS TIMESTAMP_LTZ(3)), CAST(windowEnd AS TIMESTAMP_LTZ(3)), n, test
FROM alert_rows;
