-- CRM Pulse schema, version 10: pulse_reader reads the metrics and the dashboard views, nothing else
-- (issue 10).
--
-- V3 let it SELECT every table of the schema, now and future: the executives' phone numbers and
-- the message texts in notifications, the raw CRM records in dead_letters, and every other
-- application's tables when the schema is a shared public. From this version on it may read only
-- what is listed below; a table or view that a later migration adds is not readable until that
-- migration grants it (and adds it to ReaderRole.READABLE, which the job checks at every start).
--
-- Not readable, and why:
--   crm_leads, crm_deals   one row per lead or deal, linkable to a person in the CRM; deal_name is
--                          free text that often names the customer. The views and matrices below
--                          carry what dashboards need from them, as aggregates.
--   notifications          recipients (executives' phone numbers) and message texts; dedup_key and
--                          last_error repeat the recipient. v_notifications shows the rest.
--   dead_letters           payload is the record as Zoho sent it, personal data included.
--                          v_dead_letters shows the rest.
--   flyway_schema_history  nothing for a dashboard.

-- Take back what V3 (and V5, V6) granted in this schema. Only grants that the job's user may revoke
-- are revoked: another application's grant on its own table stays, and the job refuses to start
-- until an administrator revokes it (the message names it).
DO $$
DECLARE
    relation regclass;
BEGIN
    FOR relation IN
        SELECT c.oid
        FROM pg_catalog.pg_class c
        WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace
                                WHERE nspname = '${flyway:defaultSchema}')
          AND EXISTS (SELECT FROM pg_catalog.aclexplode(c.relacl) a
                      WHERE a.grantee = 'pulse_reader'::regrole
                        AND (a.grantor = current_user::regrole OR pg_has_role(c.relowner, 'USAGE')))
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM pulse_reader', relation);
    END LOOP;
END
$$;

ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema} REVOKE SELECT ON TABLES FROM pulse_reader;

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

-- What pulse_reader may read ----------------------------------------------------------------------

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
