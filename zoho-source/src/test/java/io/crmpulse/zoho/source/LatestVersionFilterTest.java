package io.crmpulse.zoho.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatestVersionFilterTest {

    private static final Instant T = Instant.parse("2026-03-08T10:00:00Z");

    @Test
    void aNewVersionAlwaysPassesEvenWhenOlderThanTheLastOne() throws Exception {
        List<RecordChange> passed =
                run(
                        upsert("1", T.plusSeconds(86_400), "future import"),
                        upsert("1", T, "a real edit after it"),
                        delete("1", T.plusSeconds(5)));

        assertThat(passed).hasSize(3);
    }

    @Test
    void aReplayOfTheLastVersionOrAnOlderOneIsDropped() throws Exception {
        List<RecordChange> passed =
                run(
                        upsert("1", T, "a"),
                        upsert("1", T.plusSeconds(10), "b"),
                        replay(upsert("1", T.plusSeconds(10), "b")),
                        replay(upsert("1", T, "a")),
                        replay(delete("1", T.plusSeconds(5))));

        assertThat(passed).extracting(c -> c.getFieldsJson()).containsExactly("a", "b");
    }

    @Test
    void aReplayTheJobDoesNotHavePasses() throws Exception {
        List<RecordChange> passed =
                run(
                        upsert("1", T, "a"),
                        replay(upsert("1", T, "a, edited within the second")),
                        replay(upsert("1", T.plusSeconds(1), "c")),
                        replay(upsert("2", T.minusSeconds(3600), "a row a shift had skipped")),
                        replay(delete("3", T)),
                        delete("1", T.plusSeconds(2)),
                        replay(upsert("1", T.plusSeconds(1), "c")));

        assertThat(passed).hasSize(7);
    }

    private static List<RecordChange> run(RecordChange... changes) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, RecordChange, RecordChange> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new LatestVersionFilter()),
                        RecordChange::recordKey,
                        Types.STRING)) {
            harness.open();
            for (RecordChange change : changes) {
                harness.processElement(new StreamRecord<>(change));
            }
            List<RecordChange> out = new ArrayList<>();
            harness.extractOutputValues().forEach(out::add);
            return out;
        }
    }

    private static RecordChange upsert(String id, Instant time, String json) {
        return RecordChange.upsert("Leads", id, time, json);
    }

    private static RecordChange delete(String id, Instant time) {
        return RecordChange.delete("Leads", id, time);
    }

    private static RecordChange replay(RecordChange change) {
        change.setReplay(true);
        return change;
    }
}
