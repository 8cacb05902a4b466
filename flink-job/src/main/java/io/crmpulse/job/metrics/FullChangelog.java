package io.crmpulse.job.metrics;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Turns a record's versions, as upserts and key-only deletions, into a changelog with its previous
 * versions: an edit is an {@code UPDATE_BEFORE} of the row it replaces and an {@code UPDATE_AFTER},
 * a deletion a {@code DELETE} of the whole last row, a first version an {@code INSERT}, and a
 * version equal to the last one nothing.
 *
 * <p>Why: given an upsert changelog, Flink's planner puts a {@code ChangelogNormalize} in front of
 * every statement that reads the table, each keeping its own copy of every record (five of each
 * lead and deal, for the tables and the matrices of {@code metrics.sql}). Given the previous
 * versions, it needs none: this one copy serves every statement (BENCHMARKS.md, "Speed-ups").
 */
final class FullChangelog<T> extends KeyedProcessFunction<String, T, Row> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<Row> rowType;
    private final SerializableFunction<T, Row> toRow;
    private transient ValueState<Row> last;

    /**
     * @param rowType the rows' type, which the state of the last version is stored as
     * @param toRow a version as an {@code UPDATE_AFTER} row, or a deletion as a {@code DELETE} one
     *     of which only the key counts
     */
    FullChangelog(TypeInformation<Row> rowType, SerializableFunction<T, Row> toRow) {
        this.rowType = rowType;
        this.toRow = toRow;
    }

    @Override
    public void open(Configuration parameters) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last version", rowType));
    }

    @Override
    public void processElement(T version, Context ctx, Collector<Row> out) throws Exception {
        Row change = toRow.apply(version);
        Row previous = last.value();
        if (change.getKind() == RowKind.DELETE) {
            if (previous != null) {
                out.collect(withKind(previous, RowKind.DELETE));
                last.clear();
            }
            return;
        }
        // The state keeps this row itself (the heap backend does not copy), and emits copies.
        change.setKind(RowKind.INSERT);
        if (previous == null) {
            out.collect(withKind(change, RowKind.INSERT));
        } else if (!previous.equals(change)) {
            out.collect(withKind(previous, RowKind.UPDATE_BEFORE));
            out.collect(withKind(change, RowKind.UPDATE_AFTER));
        } else {
            return;
        }
        last.update(change);
    }

    /** A copy of {@code row} of {@code kind}: what is emitted never is what the state keeps. */
    private static Row withKind(Row row, RowKind kind) {
        Row copy = Row.copy(row);
        copy.setKind(kind);
        return copy;
    }
}
