-- The job's PostgreSQL tables (schema: sql/postgres), read-only, for the Flink SQL client:
--
--     envsubst < sql/flink/sql-client-init.sql > init.sql && sql-client.sh -i init.sql
--
-- (README, "The Flink SQL client"). Reads as the role pulse_reader, so it sees what that role may
-- read and nothing else; the job keeps writing with its own sink (sinks.sql), which cannot be read.
--
-- A template: the SQL client substitutes no variables in DDL (a SET value never reaches a CREATE
-- statement), so the URL, the database and the password are ${...} placeholders, filled from the
-- environment by envsubst, and by SqlClientInitITCase (flink-job) with the same code that fills
-- sinks.sql. No password is kept in the repository.
--   PULSE_READER_BASE_URL   jdbc:postgresql://<host>:<port>, without the database
--   PULSE_READER_DATABASE   the job's database, e.g. pulse
--   PULSE_READER_PASSWORD   the password an administrator gave pulse_reader
--
-- Needs in the SQL client's lib/: flink-connector-jdbc-core and flink-connector-jdbc-postgres
-- 3.3.0-1.20, and the PostgreSQL JDBC driver.

-- Dashboard queries read what the tables hold now and end: batch mode, results as a table.
SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';

-- Every table pulse_reader may read (SHOW TABLES, DESCRIBE), views not included. Connector 3.3.0
-- cannot query them: it maps timestamptz (updated_at, in every table) to TIMESTAMP_LTZ, which its
-- reader does not support, and refuses a jsonb column (alerts.details, which the job leaves
-- empty). The tables to query are declared below.
CREATE CATALOG pulse WITH (
    'type' = 'jdbc',
    'base-url' = '${PULSE_READER_BASE_URL}',
    'default-database' = '${PULSE_READER_DATABASE}',
    'username' = 'pulse_reader',
    'password' = '${PULSE_READER_PASSWORD}'
);

USE CATALOG pulse;

-- The dashboard tables, declared so that every column reads: a temporary table hides the
-- catalog's own. A timestamptz is read as TIMESTAMP(6), the wall-clock time in the time zone of
-- the JVM that runs the query (the TaskManagers'), so CAST(fired_at AS DATE) is a day of that zone;
-- the daily tables' days are PULSE_TIMEZONE's.

CREATE TEMPORARY TABLE lead_source_quality (
    lead_source        STRING NOT NULL,
    leads              BIGINT NOT NULL,
    junk_leads         BIGINT NOT NULL,
    untouched_leads    BIGINT NOT NULL,
    attempted_leads    BIGINT NOT NULL,
    contacted_leads    BIGINT NOT NULL,
    converted_leads    BIGINT NOT NULL,
    junk_rate          DECIMAL(9, 4),
    contact_rate       DECIMAL(9, 4),
    conversion_rate    DECIMAL(9, 4),
    deals              BIGINT NOT NULL,
    open_deals         BIGINT NOT NULL,
    won_deals          BIGINT NOT NULL,
    lost_deals         BIGINT NOT NULL,
    pipeline_value     DECIMAL(38, 2) NOT NULL,
    weighted_pipeline  DECIMAL(38, 2) NOT NULL,
    won_value          DECIMAL(38, 2) NOT NULL,
    win_rate           DECIMAL(9, 4),
    updated_at         TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (lead_source) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${PULSE_READER_BASE_URL}/${PULSE_READER_DATABASE}',
    'table-name' = 'lead_source_quality',
    'username' = 'pulse_reader', 'password' = '${PULSE_READER_PASSWORD}'
);

CREATE TEMPORARY TABLE daily_source_stats (
    `day`            DATE NOT NULL,
    lead_source      STRING NOT NULL,
    leads_created    BIGINT NOT NULL,
    junk_leads       BIGINT NOT NULL,
    contacted_leads  BIGINT NOT NULL,
    converted_leads  BIGINT NOT NULL,
    deals_won        BIGINT NOT NULL,
    won_value        DECIMAL(38, 2) NOT NULL,
    updated_at       TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (`day`, lead_source) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${PULSE_READER_BASE_URL}/${PULSE_READER_DATABASE}',
    'table-name' = 'daily_source_stats',
    'username' = 'pulse_reader', 'password' = '${PULSE_READER_PASSWORD}'
);

-- Without details (jsonb).
CREATE TEMPORARY TABLE alerts (
    alert_id      STRING NOT NULL,
    rule          STRING NOT NULL,
    subject       STRING NOT NULL,
    severity      STRING NOT NULL,
    observed      DECIMAL(38, 18),
    expected      DECIMAL(38, 18),
    message       STRING NOT NULL,
    fired_at      TIMESTAMP(6) NOT NULL,
    created_at    TIMESTAMP(6) NOT NULL,
    window_start  TIMESTAMP(6),
    window_end    TIMESTAMP(6),
    n             BIGINT,
    test          STRING,
    PRIMARY KEY (alert_id) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${PULSE_READER_BASE_URL}/${PULSE_READER_DATABASE}',
    'table-name' = 'alerts',
    'username' = 'pulse_reader', 'password' = '${PULSE_READER_PASSWORD}'
);
