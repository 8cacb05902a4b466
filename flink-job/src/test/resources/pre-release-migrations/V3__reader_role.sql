-- CRM Pulse schema, version 3: pulse_reader, a read-only role for dashboards and analysts.
--
-- It may SELECT every table and view of this schema, including those later migrations add, and
-- nothing else. It cannot log in until an administrator allows it:
--     ALTER ROLE pulse_reader LOGIN PASSWORD '...';
-- Roles belong to the whole PostgreSQL cluster, so the role is created only if it is missing (an
-- earlier install, or another database of the same cluster, may have made it already).

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
GRANT SELECT ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO pulse_reader;

-- Tables and views that later migrations create (as the same user) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema} GRANT SELECT ON TABLES TO pulse_reader;
