package io.crmpulse.job.normalize;

import io.crmpulse.job.model.DealLifecycleState;
import io.crmpulse.job.model.DealRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by deal id: stamps each deal version with {@code wonAt}, {@code lostAt} and {@code wonDay}
 * ({@link DealLifecycle}), remembering them in keyed state. The state exists only while the deal is
 * won or lost; a deletion clears it and passes through.
 */
public class DealLifecycleFunction extends KeyedProcessFunction<String, DealRow, DealRow> {

    private static final long serialVersionUID = 1L;

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "deal-lifecycle";

    private final DealLifecycle lifecycle;

    private transient ValueState<DealLifecycleState> state;

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
    }

    @Override
    public void processElement(DealRow row, Context ctx, Collector<DealRow> out) throws Exception {
        if (row.isDeleted()) {
            state.clear();
            out.collect(row);
            return;
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
