package io.crmpulse.job.metrics;

import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.zoho.model.RecordChange;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The planner's explanation of what {@link MetricsTables#attach} adds to the job, over empty
 * streams of the job's own types: planned, never run, no connection opened. For tests of the plan
 * and for {@code bench/run PlanDump}.
 */
public final class MetricsPlan {

    /** Sink options of the job's own connector for a database that planning never reaches. */
    public static final Map<String, String> SOME_DATABASE =
            Map.of(
                    "jdbc.url",
                    "jdbc:postgresql://h/db",
                    "jdbc.user",
                    "pulse",
                    "jdbc.password",
                    "s");

    private MetricsPlan() {}

    /** The plan at parallelism 2, as the job runs on two cores, with {@code details}. */
    public static String explain(Map<String, String> sinkOptions, ExplainDetail... details) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return MetricsTables.statements(
                        StreamTableEnvironment.create(env),
                        none(env, LeadRow.class),
                        none(env, DealRow.class),
                        none(env, RecordChange.class),
                        none(env, DeadLetter.class),
                        none(env, DealStageEvent.class),
                        none(env, Alert.class),
                        sinkOptions)
                .explain(details);
    }

    private static <T> DataStream<T> none(StreamExecutionEnvironment env, Class<T> type) {
        return env.fromData(List.of(), TypeInformation.of(type));
    }
}
