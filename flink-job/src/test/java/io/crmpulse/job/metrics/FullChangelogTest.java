package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

class FullChangelogTest {

    private static final TypeInformation<Row> TYPE =
            Types.ROW_NAMED(new String[] {"id", "status"}, Types.STRING, Types.STRING);

    @Test
    void anEditRetractsTheVersionItReplacesAndADeletionTheWholeLastRow() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness = harness()) {
            harness.open();
            harness.processElement(Row.ofKind(RowKind.UPDATE_AFTER, "1", "New"), 1);
            harness.processElement(Row.ofKind(RowKind.UPDATE_AFTER, "1", "Junk"), 2);
            harness.processElement(Row.ofKind(RowKind.DELETE, "1", null), 3);

            assertThat(harness.extractOutputValues())
                    .containsExactly(
                            Row.ofKind(RowKind.INSERT, "1", "New"),
                            Row.ofKind(RowKind.UPDATE_BEFORE, "1", "New"),
                            Row.ofKind(RowKind.UPDATE_AFTER, "1", "Junk"),
                            Row.ofKind(RowKind.DELETE, "1", "Junk"));
        }
    }

    @Test
    void anUnchangedVersionAndADeletionOfAnUnknownRecordEmitNothing() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness = harness()) {
            harness.open();
            harness.processElement(Row.ofKind(RowKind.DELETE, "2", null), 1);
            harness.processElement(Row.ofKind(RowKind.UPDATE_AFTER, "1", "New"), 2);
            harness.processElement(Row.ofKind(RowKind.UPDATE_AFTER, "1", "New"), 3);

            assertThat(harness.extractOutputValues())
                    .containsExactly(Row.ofKind(RowKind.INSERT, "1", "New"));
        }
    }

    @Test
    void theLastVersionSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness = harness()) {
            harness.open();
            harness.processElement(Row.ofKind(RowKind.UPDATE_AFTER, "1", "New"), 1);
            snapshot = harness.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness = harness()) {
            harness.initializeState(snapshot);
            harness.open();
            harness.processElement(Row.ofKind(RowKind.UPDATE_AFTER, "1", "Contacted"), 2);

            assertThat(harness.extractOutputValues())
                    .isEqualTo(
                            List.of(
                                    Row.ofKind(RowKind.UPDATE_BEFORE, "1", "New"),
                                    Row.ofKind(RowKind.UPDATE_AFTER, "1", "Contacted")));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FullChangelog<Row>(TYPE, row -> row)),
                row -> (String) row.getField(0),
                Types.STRING);
    }
}
