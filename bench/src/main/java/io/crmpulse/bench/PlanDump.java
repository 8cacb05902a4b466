package io.crmpulse.bench;

import io.crmpulse.job.metrics.MetricsPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.table.api.ExplainDetail;

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
        // The job's own sink connector: its changelog mode decides where the planner
        // materializes.
        String plan = MetricsPlan.explain(MetricsPlan.SOME_DATABASE, ExplainDetail.CHANGELOG_MODE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, plan, StandardCharsets.UTF_8);
        System.out.println(plan);
        System.out.println("plan written to " + file);
    }
}
