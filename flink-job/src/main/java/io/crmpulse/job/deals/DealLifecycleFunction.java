package io.crmpulse.job.deals;

import io.crmpulse.job.model.DealLifecycleState;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by deal id: stamps each deal version with {@code wonAt}, {@code lostAt} and {@code wonDay}
 * ({@link DealLifecycle}), remembering them in keyed state while the deal is won or lost, and
 * reports each stage the deal enters to the side output {@link #STAGE_EVENTS} (its current stage is
 * kept in keyed state for that). A deletion clears the state and passes through.
 */
public class DealLifecycleFunction extends KeyedProcessFunction<String, DealRow, DealRow> {

    private static final long serialVersionUID = 1L;

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "deal-lifecycle";

    private final DealLifecycle lifecycle;

    /** Each stage a deal enters, for {@code deal_stage_events}. */
    public static final OutputTag<DealStageEvent> STAGE_EVENTS =
            new OutputTag<>("deal-stage-events", TypeInformation.of(DealStageEvent.class));

    private transient ValueState<DealLifecycleState> state;
    private transient ValueState<String> stage;

    public DealLifecycleFunction(DealLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "won-lost-times", DealLifecycleState.class));
        stage = getRuntimeContext().getState(new ValueStateDescriptor<>("stage", String.class));
    }

    @Override
    public void processElement(DealRow row, Context ctx, Collector<DealRow> out) throws Exception {
        if (row.isDeleted()) {
            state.clear();
            stage.clear();
            out.collect(row);
            return;
        }
        String previousStage = stage.value();
        if (row.getStage() != null && !Objects.equals(previousStage, row.getStage())) {
            ctx.output(
                    STAGE_EVENTS,
                    new DealStageEvent(
                            row.getId(),
                            row.getModifiedTime(),
                            row.getStage(),
                            previousStage,
                            row.getStageClass(),
                            row.getAmountHome()));
            stage.update(row.getStage());
        }
        DealLifecycleState previous = state.value();
        DealRow stamped =
                lifecycle.apply(
                        previous == null ? null : previous.getWonAt(),
                        previous == null ? null : previous.getLostAt(),
                        row);
        if (stamped.getWonAt() == null && stamped.getLostAt() == null) {
            state.clear();
        } else {
            state.update(new DealLifecycleState(stamped.getWonAt(), stamped.getLostAt()));
        }
        out.collect(stamped);
    }
}
