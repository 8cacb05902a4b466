-- The PostgreSQL tables the job writes (schema: sql/postgres), as Flink SQL upsert sinks over the
-- JDBC connector. The job fills in ${jdbc.url}, ${jdbc.user} and ${jdbc.password}; the same file
-- serves as an init script for the Flink SQL client (sql-client.sh -i sinks.sql) once they are
-- replaced by hand.
--
-- Times are TIMESTAMP(3) here because the JDBC connector has no TIMESTAMP_LTZ: metrics.sql casts
-- each instant to the session time zone (the JVM's, as the JDBC driver's), and the driver hands
-- PostgreSQL the same instant for its timestamptz columns.
--
-- updated_at is not declared: PostgreSQL sets it (sql/postgres V4), because a timestamp computed
-- here would differ between a row and its retraction.
--
-- Every table has its natural primary key, so every write is an upsert and a retraction a delete:
-- replaying after a restart rewrites the same rows with the same values.

CREATE TEMPORARY TABLE crm_leads (
    id             STRING NOT NULL,
    lead_source    STRING,
    lead_status    STRING,
    status_class   STRING,
    owner_id       STRING,
    owner_name     STRING,
    created_time   TIMESTAMP(3),
    modified_time  TIMESTAMP(3),
    converted      BOOLEAN,
    converted_at   TIMESTAMP(3),
    cohort_day     DATE,
    PRIMARY KEY (id) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'crm_leads',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
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
    created_time   TIMESTAMP(3),
    modified_time  TIMESTAMP(3),
    won_at         TIMESTAMP(3),
    lost_at        TIMESTAMP(3),
    won_day        DATE,
    PRIMARY KEY (id) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'crm_deals',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
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
    pipeline_value     DECIMAL(18, 2),
    weighted_pipeline  DECIMAL(18, 2),
    won_value          DECIMAL(18, 2),
    win_rate           DECIMAL(9, 4),
    PRIMARY KEY (lead_source) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'lead_source_quality',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
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
    pipeline_value     DECIMAL(18, 2),
    weighted_pipeline  DECIMAL(18, 2),
    won_value          DECIMAL(18, 2),
    win_rate           DECIMAL(9, 4),
    PRIMARY KEY (owner_id) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'rep_pipeline',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
);

CREATE TEMPORARY TABLE daily_source_stats (
    `day`            DATE NOT NULL,
    lead_source      STRING NOT NULL,
    leads_created    BIGINT,
    junk_leads       BIGINT,
    contacted_leads  BIGINT,
    converted_leads  BIGINT,
    deals_won        BIGINT,
    won_value        DECIMAL(18, 2),
    PRIMARY KEY (`day`, lead_source) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'daily_source_stats',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
);

CREATE TEMPORARY TABLE daily_rep_stats (
    `day`            DATE NOT NULL,
    owner_id         STRING NOT NULL,
    leads_created    BIGINT,
    junk_leads       BIGINT,
    contacted_leads  BIGINT,
    converted_leads  BIGINT,
    deals_won        BIGINT,
    won_value        DECIMAL(18, 2),
    PRIMARY KEY (`day`, owner_id) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'daily_rep_stats',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
);

CREATE TEMPORARY TABLE sync_state (
    `module`              STRING NOT NULL,
    `cursor`              TIMESTAMP(3),
    records_synced        BIGINT,
    api_calls             BIGINT,
    last_successful_poll  TIMESTAMP(3),
    lag_seconds           DECIMAL(12, 3),
    PRIMARY KEY (`module`) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'sync_state',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
);

CREATE TEMPORARY TABLE dead_letters (
    id           STRING NOT NULL,
    `module`     STRING,
    record_id    STRING,
    reason       STRING,
    payload      STRING,
    received_at  TIMESTAMP(3),
    PRIMARY KEY (id) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'dead_letters',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
);

CREATE TEMPORARY TABLE deal_stage_events (
    deal_id         STRING NOT NULL,
    changed_at      TIMESTAMP(3) NOT NULL,
    to_stage        STRING NOT NULL,
    from_stage      STRING,
    to_stage_class  STRING,
    amount_home     DECIMAL(18, 2),
    PRIMARY KEY (deal_id, changed_at, to_stage) NOT ENFORCED
) WITH (
    'connector' = 'jdbc', 'url' = '${jdbc.url}', 'table-name' = 'deal_stage_events',
    'username' = '${jdbc.user}', 'password' = '${jdbc.password}',
    'sink.buffer-flush.interval' = '${jdbc.flush.interval}', 'sink.max-retries' = '3'
);
