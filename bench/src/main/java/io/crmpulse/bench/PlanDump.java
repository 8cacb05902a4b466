package io.crmpulse.bench;

import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.zoho.model.RecordChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Writes the planner's explanation of the job's Flink SQL part ({@code MetricsTables}: the
 * changelog tables and every insert of {@code metrics.sql}, with each operator's changelog mode) to
 * a file, to see which stateful operators the planner chose: {@code ChangelogNormalize}, {@code
 * SinkUpsertMaterializer}, one- or two-phase aggregates, joins. Nothing runs; the plan depends only
 * on the input types, which are the job's, and on the SQL.
 *
 * <pre>
 * bench/run PlanDump [file, default bench/results/plan.txt]
 * </pre>
 */
public final class PlanDump {

    private PlanDump() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "bench/results/plan.txt");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        String plan =
                MetricsTables.statements(
                                StreamTableEnvironment.create(env),
                                none(env, LeadRow.class),
                                none(env, DealRow.class),
                                none(env, RecordChange.class),
                                none(env, DeadLetter.class),
                                none(env, DealStageEvent.class),
                                none(env, Alert.class),
                                // The job's own sink connector: its changelog mode decides
                                // where the planner materializes. Planning opens no connection.
                                MetricsTables.sinkOptions(
                                        new JdbcSettings(
                                                "jdbc:postgresql://localhost:5432/pulse",
                                                "pulse",
                                                "unused")))
                        .explain(ExplainDetail.CHANGELOG_MODE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, plan, StandardCharsets.UTF_8);
        System.out.println(plan);
        System.out.println("plan written to " + file);
    }

    /** A stream of the job's type for {@code type}; planned, never run. */
    private static <T> DataStream<T> none(StreamExecutionEnvironment env, Class<T> type) {
        return env.fromData(List.of(), TypeInformation.of(type));
    }
}
