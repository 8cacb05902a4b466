-- The PostgreSQL tables the job writes (schema: sql/postgres), as Flink SQL upsert sinks. The job
-- fills in ${jdbc.url}, ${jdbc.user} and ${jdbc.password}.
--
-- The connector 'crm-pulse-postgres' (sinks, io.crmpulse.sinks.postgres) upserts by the primary
-- key and deletes on a retraction, like Flink's JDBC connector, but commits with each checkpoint:
-- a table shows the job's last completed checkpoint, so after a crash and a restore it never keeps
-- a row that the restored state does not have. The rows lag the changes by up to a checkpoint
-- interval. These tables are for writing only: the connector has no source, so the Flink SQL
-- client cannot read them back. To query the tables in the SQL client, use sql-client-init.sql.
--
-- Times are TIMESTAMP_LTZ(3), instants: the sink binds each as an OffsetDateTime in UTC, which the
-- JDBC driver sends as a timestamptz, so no JVM or session time zone (and no DST fall-back hour,
-- whose wall-clock times name two instants) decides which instant a row holds. The sink refuses a
-- zone-less TIMESTAMP column.
--
-- Money: a deal's amounts are DECIMAL(18, 2), below 10^16 (the normalizer refuses larger ones);
-- the sums of the metrics tables are DECIMAL(38, 2), what Flink's SUM over DECIMAL(18, 2) gives,
-- so 10^20 deals at the largest amount still fit (a DECIMAL too narrow for a value is NULL in
-- Flink, which the NOT NULL columns would refuse).
--
-- A row that PostgreSQL refuses all the same goes to dead_letters with the database's message
-- (id '<table>:<key>'), and the rest of its batch is written (flink-job, PostgresUpsertCommitter).
--
-- updated_at is not declared: PostgreSQL sets it (a trigger of sql/postgres).

CREATE TEMPORARY TABLE crm_leads (
    id             STRING NOT NULL,
    lead_source    STRING,
    lead_status    STRING,
    status_class   STRING,
    owner_id       STRING,
    owner_name     STRING,
    created_time   TIMESTAMP_LTZ(3),
    modified_time  TIMESTAMP_LTZ(3),
    converted      BOOLEAN,
    converted_at   TIMESTAMP_LTZ(3),
    cohort_day     DATE,
    PRIMARY KEY (id) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'crm_leads',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE crm_deals (
    id             STRING NOT NULL,
    deal_name      STRING,
    stage          STRING,
    stage_class    STRING,
    amount         DECIMAL(18, 2),
    exchange_rate  DECIMAL(18, 6),
    amount_home    DECIMAL(18, 2),
    probability    INT,
    owner_id       STRING,
    owner_name     STRING,
    lead_source    STRING,
    closing_date   DATE,
    created_time   TIMESTAMP_LTZ(3),
    modified_time  TIMESTAMP_LTZ(3),
    won_at         TIMESTAMP_LTZ(3),
    lost_at        TIMESTAMP_LTZ(3),
    won_day        DATE,
    PRIMARY KEY (id) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'crm_deals',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE lead_source_quality (
    lead_source        STRING NOT NULL,
    leads              BIGINT,
    junk_leads         BIGINT,
    untouched_leads    BIGINT,
    attempted_leads    BIGINT,
    contacted_leads    BIGINT,
    converted_leads    BIGINT,
    junk_rate          DECIMAL(9, 4),
    contact_rate       DECIMAL(9, 4),
    conversion_rate    DECIMAL(9, 4),
    deals              BIGINT,
    open_deals         BIGINT,
    won_deals          BIGINT,
    lost_deals         BIGINT,
    pipeline_value     DECIMAL(38, 2),
    weighted_pipeline  DECIMAL(38, 2),
    won_value          DECIMAL(38, 2),
    win_rate           DECIMAL(9, 4),
    PRIMARY KEY (lead_source) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'lead_source_quality',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE rep_pipeline (
    owner_id           STRING NOT NULL,
    owner_name         STRING,
    leads              BIGINT,
    junk_leads         BIGINT,
    untouched_leads    BIGINT,
    attempted_leads    BIGINT,
    contacted_leads    BIGINT,
    converted_leads    BIGINT,
    junk_rate          DECIMAL(9, 4),
    contact_rate       DECIMAL(9, 4),
    conversion_rate    DECIMAL(9, 4),
    deals              BIGINT,
    open_deals         BIGINT,
    won_deals          BIGINT,
    lost_deals         BIGINT,
    pipeline_value     DECIMAL(38, 2),
    weighted_pipeline  DECIMAL(38, 2),
    won_value          DECIMAL(38, 2),
    win_rate           DECIMAL(9, 4),
    PRIMARY KEY (owner_id) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'rep_pipeline',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE daily_source_stats (
    `day`            DATE NOT NULL,
    lead_source      STRING NOT NULL,
    leads_created    BIGINT,
    junk_leads       BIGINT,
    contacted_leads  BIGINT,
    converted_leads  BIGINT,
    deals_won        BIGINT,
    won_value        DECIMAL(38, 2),
    PRIMARY KEY (`day`, lead_source) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'daily_source_stats',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE daily_rep_stats (
    `day`            DATE NOT NULL,
    owner_id         STRING NOT NULL,
    leads_created    BIGINT,
    junk_leads       BIGINT,
    contacted_leads  BIGINT,
    converted_leads  BIGINT,
    deals_won        BIGINT,
    won_value        DECIMAL(38, 2),
    PRIMARY KEY (`day`, owner_id) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'daily_rep_stats',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE sync_state (
    `module`              STRING NOT NULL,
    `cursor`              TIMESTAMP_LTZ(3),
    records_synced        BIGINT,
    api_calls             BIGINT,
    last_successful_poll  TIMESTAMP_LTZ(3),
    lag_seconds           DECIMAL(12, 3),
    PRIMARY KEY (`module`) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'sync_state',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE dead_letters (
    id           STRING NOT NULL,
    `module`     STRING,
    record_id    STRING,
    reason       STRING,
    payload      STRING,
    received_at  TIMESTAMP_LTZ(3),
    PRIMARY KEY (id) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'dead_letters',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE deal_stage_events (
    deal_id         STRING NOT NULL,
    changed_at      TIMESTAMP_LTZ(3) NOT NULL,
    to_stage        STRING NOT NULL,
    from_stage      STRING,
    to_stage_class  STRING,
    amount_home     DECIMAL(18, 2),
    PRIMARY KEY (deal_id, changed_at, to_stage) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'deal_stage_events',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);

CREATE TEMPORARY TABLE alerts (
    alert_id      STRING NOT NULL,
    rule          STRING NOT NULL,
    subject       STRING NOT NULL,
    severity      STRING NOT NULL,
    observed      DECIMAL(20, 4),
    expected      DECIMAL(20, 4),
    message       STRING NOT NULL,
    fired_at      TIMESTAMP_LTZ(3) NOT NULL,
    window_start  TIMESTAMP_LTZ(3),
    window_end    TIMESTAMP_LTZ(3),
    n             BIGINT,
    test          STRING,
    PRIMARY KEY (alert_id) NOT ENFORCED
) WITH (
    'connector' = 'crm-pulse-postgres', 'url' = '${jdbc.url}', 'table-name' = 'alerts',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}'
);
