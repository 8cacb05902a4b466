package io.crmpulse.job.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Turns the normalized leads and deals into the changelog tables {@code leads} and {@code deals}
 * (an edit replaces the record's previous version, a deletion retracts it), the source's progress
 * reports into {@code sync_progress} and the unreadable records into {@code dead_letter_rows}, and
 * attaches the statements of {@code sql/flink/metrics.sql}, writing to the PostgreSQL tables of
 * {@code sql/flink/sinks.sql}.
 */
public final class MetricsTables {

    private static final String[] LEAD_COLUMNS = {
        "id",
        "lead_source",
        "lead_status",
        "status_class",
        "owner_id",
        "owner_name",
        "created_time",
        "modified_time",
        "converted",
        "converted_at",
        "cohort_day"
    };

    private static final String[] DEAL_COLUMNS = {
        "id",
        "deal_name",
        "stage",
        "stage_class",
        "amount",
        "exchange_rate",
        "amount_home",
        "probability",
        "owner_id",
        "owner_name",
        "lead_source",
        "closing_date",
        "created_time",
        "modified_time",
        "won_at",
        "lost_at",
        "won_day"
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long the aggregations buffer changes before they emit: well below a checkpoint. */
    static final Duration MINI_BATCH_LATENCY = Duration.ofMillis(500);

    /** At most this many buffered changes per operator; a backfill flushes at this size. */
    static final long MINI_BATCH_SIZE = 5_000;

    /** The option of {@link #blackholeSinkOptions()}: a connector replacing every WITH clause. */
    private static final String SINK_CONNECTOR = "sink.connector";

    private static final Pattern WITH_CLAUSE = Pattern.compile("(?s)\\)\\s*WITH\\s*\\(.*\\)\\s*$");

    private MetricsTables() {}

    /** The columns of table {@code leads}, as {@code crm_leads} has them. */
    public static List<String> leadColumns() {
        return List.of(LEAD_COLUMNS);
    }

    /** The columns of table {@code deals}, as {@code crm_deals} has them. */
    public static List<String> dealColumns() {
        return List.of(DEAL_COLUMNS);
    }

    /** The values of the placeholders of {@code sinks.sql} for this database. */
    public static Map<String, String> sinkOptions(JdbcSettings db) {
        return Map.of("jdbc.url", db.url(), "jdbc.user", db.user(), "jdbc.password", db.password());
    }

    /**
     * Sink options that create every table of {@code sinks.sql} with Flink's {@code blackhole}
     * connector instead: the whole job without a database, to measure what the sinks cost (README
     * "Benchmarks").
     */
    public static Map<String, String> blackholeSinkOptions() {
        return Map.of(
                SINK_CONNECTOR, "blackhole", "jdbc.url", "", "jdbc.user", "", "jdbc.password", "");
    }

    /**
     * Registers the tables and adds the aggregations and sinks to the job of {@code tables}.
     *
     * @param sinkOptions the values of the placeholders of {@code sinks.sql}
     */
    public static void attach(
            StreamTableEnvironment tables,
            DataStream<LeadRow> leads,
            DataStream<DealRow> deals,
            DataStream<RecordChange> syncProgress,
            DataStream<DeadLetter> deadLetters,
            DataStream<DealStageEvent> stageEvents,
            DataStream<Alert> alerts,
            Map<String, String> sinkOptions) {
        statements(
                        tables,
                        leads,
                        deals,
                        syncProgress,
                        deadLetters,
                        stageEvents,
                        alerts,
                        sinkOptions)
                .attachAsDataStream();
    }

    /**
     * Registers the tables and returns the inserts of {@code metrics.sql}, not yet attached to the
     * job: what {@link #attach} adds, for a caller that wants the planner's explanation of it
     * (BENCHMARKS.md, "Speed-ups").
     */
    public static StreamStatementSet statements(
            StreamTableEnvironment tables,
            DataStream<LeadRow> leads,
            DataStream<DealRow> deals,
            DataStream<RecordChange> syncProgress,
            DataStream<DeadLetter> deadLetters,
            DataStream<DealStageEvent> stageEvents,
            DataStream<Alert> alerts,
            Map<String, String> sinkOptions) {
        // Mini-batch: an aggregate keyed by one of a dozen sources or reps otherwise retracts and
        // re-emits its row, through the join, for every single change.
        // Buffering adds at most MINI_BATCH_LATENCY to a table's freshness, well inside the
        // checkpoint interval that a row waits for anyway (BENCHMARKS.md, "Speed-ups").
        tables.getConfig().set(ExecutionConfigOptions.TABLE_EXEC_MINIBATCH_ENABLED, true);
        tables.getConfig()
                .set(ExecutionConfigOptions.TABLE_EXEC_MINIBATCH_ALLOW_LATENCY, MINI_BATCH_LATENCY);
        tables.getConfig().set(ExecutionConfigOptions.TABLE_EXEC_MINIBATCH_SIZE, MINI_BATCH_SIZE);
        // No SinkUpsertMaterializer: the planner adds one before the four matrix tables because it
        // cannot see through COALESCE that their key is the FULL OUTER JOIN's key. It is: the key
        // is COALESCE(l.k, d.k) of an equi-join on k, and the sink columns are NOT NULL, so all the
        // changes of one key leave the one join subtask that owns k, in order, and reach the sink
        // on one channel (chained to the join, or a keyed shuffle on the sink key at another
        // parallelism). The materializer exists for changes of one key
        // that reach the sink from several subtasks (Flink's docs on
        // table.exec.sink.upsert-materialize); crm_leads and crm_deals never had one (their key is
        // the source's). A new statement whose sink key is not its last shuffle's key must not rely
        // on this (bench/run PlanDump shows the plan).
        tables.getConfig()
                .set(
                        ExecutionConfigOptions.TABLE_EXEC_SINK_UPSERT_MATERIALIZE,
                        ExecutionConfigOptions.UpsertMaterialize.NONE);
        tables.createTemporarySystemFunction("pulse_rate", MetricFunctions.Rate.class);
        tables.createTemporarySystemFunction("pulse_money", MetricFunctions.Money.class);
        tables.createTemporaryView("leads", leadTable(tables, leads));
        tables.createTemporaryView("deals", dealTable(tables, deals));
        tables.createTemporaryView(
                "sync_progress",
                tables.fromDataStream(
                        syncProgress
                                .filter(c -> c.getOp() == ChangeOp.SYNC_PROGRESS)
                                .name("poll reports")
                                .uid("sync-progress-polls")
                                .map(MetricsTables::progressRow)
                                .name("sync progress as rows")
                                .uid("sync-progress-rows")
                                .returns(
                                        rowType(
                                                new String[] {
                                                    "module",
                                                    "cursor",
                                                    "records_synced",
                                                    "api_calls",
                                                    "poll_started_at",
                                                    "poll_completed_at"
                                                },
                                                List.of(
                                                        Types.STRING,
                                                        Types.INSTANT,
                                                        Types.LONG,
                                                        Types.LONG,
                                                        Types.INSTANT,
                                                        Types.INSTANT)))));
        // Insert-only POJO streams: their columns are the POJOs' field names.
        tables.createTemporaryView("dead_letter_rows", tables.fromDataStream(deadLetters));
        tables.createTemporaryView("stage_event_rows", tables.fromDataStream(stageEvents));
        tables.createTemporaryView("alert_rows", tables.fromDataStream(alerts));
        for (String ddl : sinkTables(sinkOptions)) {
            tables.executeSql(ddl);
        }
        StreamStatementSet inserts = tables.createStatementSet();
        for (String statement : FlinkSqlScript.load("metrics.sql").statements(Map.of())) {
            if (statement.regionMatches(true, 0, "INSERT", 0, 6)) {
                inserts.addInsertSql(statement);
            } else {
                tables.executeSql(statement);
            }
        }
        return inserts;
    }

    /** The DDL of {@code sinks.sql} with {@code sinkOptions}, on another connector if they say. */
    static List<String> sinkTables(Map<String, String> sinkOptions) {
        List<String> ddl = FlinkSqlScript.load("sinks.sql").statements(sinkOptions);
        String connector = sinkOptions.get(SINK_CONNECTOR);
        if (connector == null) {
            return ddl;
        }
        String with = ") WITH ('connector' = '" + connector + "')";
        return ddl.stream().map(table -> WITH_CLAUSE.matcher(table).replaceFirst(with)).toList();
    }

    private static Table leadTable(StreamTableEnvironment tables, DataStream<LeadRow> leads) {
        TypeInformation<Row> leadType = rowType(LEAD_COLUMNS, leadTypes());
        DataStream<Row> rows =
                // Keyed: the state of each lead's last version, and the versions of one lead keep
                // their order on the way to the changelog.
                leads.keyBy(LeadRow::getId)
                        .process(new FullChangelog<>(leadType, MetricsTables::leadRow))
                        .name("leads as changelog")
                        .uid("leads-changelog")
                        .returns(leadType);
        Schema schema =
                Schema.newBuilder()
                        .column("id", DataTypes.STRING().notNull())
                        .column("lead_source", DataTypes.STRING())
                        .column("lead_status", DataTypes.STRING())
                        .column("status_class", DataTypes.STRING())
                        .column("owner_id", DataTypes.STRING())
                        .column("owner_name", DataTypes.STRING())
                        .column("created_time", DataTypes.TIMESTAMP_LTZ(3))
                        .column("modified_time", DataTypes.TIMESTAMP_LTZ(3))
                        .column("converted", DataTypes.BOOLEAN())
                        .column("converted_at", DataTypes.TIMESTAMP_LTZ(3))
                        .column("cohort_day", DataTypes.DATE())
                        .primaryKey("id")
                        .build();
        return tables.fromChangelogStream(rows, schema, ChangelogMode.all());
    }

    private static Table dealTable(StreamTableEnvironment tables, DataStream<DealRow> deals) {
        TypeInformation<Row> dealType = rowType(DEAL_COLUMNS, dealTypes());
        DataStream<Row> rows =
                deals.keyBy(DealRow::getId)
                        .process(new FullChangelog<>(dealType, MetricsTables::dealRow))
                        .name("deals as changelog")
                        .uid("deals-changelog")
                        .returns(dealType);
        Schema schema =
                Schema.newBuilder()
                        .column("id", DataTypes.STRING().notNull())
                        .column("deal_name", DataTypes.STRING())
                        .column("stage", DataTypes.STRING())
                        .column("stage_class", DataTypes.STRING())
                        .column("amount", DataTypes.DECIMAL(18, 2))
                        .column("exchange_rate", DataTypes.DECIMAL(18, 6))
                        .column("amount_home", DataTypes.DECIMAL(18, 2))
                        .column("probability", DataTypes.INT())
                        .column("owner_id", DataTypes.STRING())
                        .column("owner_name", DataTypes.STRING())
                        .column("lead_source", DataTypes.STRING())
                        .column("closing_date", DataTypes.DATE())
                        .column("created_time", DataTypes.TIMESTAMP_LTZ(3))
                        .column("modified_time", DataTypes.TIMESTAMP_LTZ(3))
                        .column("won_at", DataTypes.TIMESTAMP_LTZ(3))
                        .column("lost_at", DataTypes.TIMESTAMP_LTZ(3))
                        .column("won_day", DataTypes.DATE())
                        .primaryKey("id")
                        .build();
        return tables.fromChangelogStream(rows, schema, ChangelogMode.all());
    }

    static Row progressRow(RecordChange progress) throws IOException {
        JsonNode json = JSON.readTree(progress.getFieldsJson());
        return Row.of(
                progress.getModule(),
                json.hasNonNull("cursor") ? Instant.parse(json.get("cursor").asText()) : null,
                json.get("changes_emitted").asLong(),
                json.get("api_calls").asLong(),
                Instant.parse(json.get("poll_started_at").asText()),
                Instant.parse(json.get("poll_completed_at").asText()));
    }

    static Row leadRow(LeadRow lead) {
        if (lead.isDeleted()) {
            Row row = new Row(RowKind.DELETE, LEAD_COLUMNS.length);
            row.setField(0, lead.getId());
            return row;
        }
        return Row.ofKind(
                RowKind.UPDATE_AFTER,
                lead.getId(),
                lead.getLeadSource(),
                lead.getLeadStatus(),
                lead.getStatusClass(),
                lead.getOwnerId(),
                lead.getOwnerName(),
                lead.getCreatedTime(),
                lead.getModifiedTime(),
                lead.isConverted(),
                lead.getConvertedAt(),
                lead.getCohortDay());
    }

    static Row dealRow(DealRow deal) {
        if (deal.isDeleted()) {
            Row row = new Row(RowKind.DELETE, DEAL_COLUMNS.length);
            row.setField(0, deal.getId());
            return row;
        }
        return Row.ofKind(
                RowKind.UPDATE_AFTER,
                deal.getId(),
                deal.getDealName(),
                deal.getStage(),
                deal.getStageClass(),
                deal.getAmount(),
                deal.getExchangeRate(),
                deal.getAmountHome(),
                deal.getProbability(),
                deal.getOwnerId(),
                deal.getOwnerName(),
                deal.getLeadSource(),
                deal.getClosingDate(),
                deal.getCreatedTime(),
                deal.getModifiedTime(),
                deal.getWonAt(),
                deal.getLostAt(),
                deal.getWonDay());
    }

    private static List<TypeInformation<?>> leadTypes() {
        return List.of(
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.INSTANT,
                Types.INSTANT,
                Types.BOOLEAN,
                Types.INSTANT,
                Types.LOCAL_DATE);
    }

    private static List<TypeInformation<?>> dealTypes() {
        return List.of(
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.BIG_DEC,
                Types.BIG_DEC,
                Types.BIG_DEC,
                Types.INT,
                Types.STRING,
                Types.STRING,
                Types.STRING,
                Types.LOCAL_DATE,
                Types.INSTANT,
                Types.INSTANT,
                Types.INSTANT,
                Types.INSTANT,
                Types.LOCAL_DATE);
    }

    private static TypeInformation<Row> rowType(String[] names, List<TypeInformation<?>> types) {
        return Types.ROW_NAMED(names, types.toArray(new TypeInformation<?>[0]));
    }
}
