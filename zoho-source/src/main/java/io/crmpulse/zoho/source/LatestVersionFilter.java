package io.crmpulse.zoho.source;

import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import javax.annotation.Nullable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link RecordChange#recordKey()}: passes each version of a record once.
 *
 * <p>The {@link ZohoSource}'s cursor remembers the versions it emitted only inside its overlap, so
 * that its checkpointed state stays small at any CRM size. When a poll reads further back (a rewind
 * after a scan may have skipped a row, or a scan restored from its start), the source emits what it
 * finds there again, marked as a replay ({@link RecordChange#isReplay()}), and this filter drops a
 * replay whose version the job already has: an upsert with the same {@code Modified_Time} and
 * content as the last one passed, or older than it, and a deletion older than the record's last
 * version. A change the cursor knew to be new always passes, whatever its time (an edit after a
 * record stamped in the future is older than it, and still news). Its state is one time and one
 * fingerprint per live record, cleared when the record is deleted; it lives in the same checkpoint
 * as the source's cursor, so after a restore both describe the same moment. Unreadable items and
 * sync reports pass untouched (the dead letters are keyed, and reports are not records).
 */
public class LatestVersionFilter extends KeyedProcessFunction<String, RecordChange, RecordChange> {

    private static final long serialVersionUID = 1L;

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "zoho-latest-versions";

    public static final String NAME = "latest versions";

    /**
     * The last version passed: {@code Modified_Time} in epoch milliseconds, content fingerprint.
     */
    private transient ValueState<Tuple2<Long, Long>> last;

    @Override
    public void open(OpenContext openContext) {
        last =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "last-version", Types.TUPLE(Types.LONG, Types.LONG)));
    }

    @Override
    public void processElement(RecordChange change, Context ctx, Collector<RecordChange> out)
            throws Exception {
        Tuple2<Long, Long> before = last.value();
        if (!passes(before, change)) {
            return;
        }
        Tuple2<Long, Long> after = stateAfter(before, change);
        if (after == null) {
            last.clear();
        } else if (after != before) {
            last.update(after);
        }
        out.collect(change);
    }

    /**
     * Whether {@code change} passes after {@code last}, the last version passed of its record
     * ({@code Modified_Time} in epoch milliseconds, content fingerprint; {@code null} for none).
     */
    public static boolean passes(@Nullable Tuple2<Long, Long> last, RecordChange change) {
        if (!change.isReplay() || last == null || change.getModifiedTime() == null) {
            return true;
        }
        long time = change.getModifiedTime().toEpochMilli();
        if (change.getOp() == ChangeOp.UPSERT) {
            return time > last.f0 || (time == last.f0 && change.getContentHash() != last.f1);
        }
        if (change.getOp() == ChangeOp.DELETE) {
            return time >= last.f0;
        }
        return true;
    }

    /** The record's state once {@code passed} went through: its version, or none once deleted. */
    @Nullable
    public static Tuple2<Long, Long> stateAfter(
            @Nullable Tuple2<Long, Long> last, RecordChange passed) {
        if (passed.getOp() == ChangeOp.UPSERT) {
            return Tuple2.of(passed.getModifiedTime().toEpochMilli(), passed.getContentHash());
        }
        return passed.getOp() == ChangeOp.DELETE ? null : last;
    }
}
