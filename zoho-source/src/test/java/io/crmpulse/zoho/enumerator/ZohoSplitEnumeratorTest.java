package io.crmpulse.zoho.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.zoho.split.ZohoModuleSplit;
import java.util.List;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class ZohoSplitEnumeratorTest {

    private static final List<String> MODULES = List.of("Leads", "Deals");

    @Test
    void givesEachModuleToOneReaderAndTellsEveryReaderNoMoreWillCome() {
        TestingSplitEnumeratorContext<ZohoModuleSplit> context =
                new TestingSplitEnumeratorContext<>(2);
        ZohoSplitEnumerator enumerator = enumerator(context);

        register(context, enumerator, 0);
        register(context, enumerator, 1);

        assertThat(context.getSplitAssignments().get(0).getAssignedSplits())
                .containsExactly(ZohoModuleSplit.initial("Leads"));
        assertThat(context.getSplitAssignments().get(1).getAssignedSplits())
                .containsExactly(ZohoModuleSplit.initial("Deals"));
        assertThat(context.getSplitAssignments().get(0).hasReceivedNoMoreSplitsSignal()).isTrue();
        assertThat(context.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal()).isTrue();
        assertThat(enumerator.snapshotState(1).unassigned()).isEmpty();
    }

    @Test
    void aSingleReaderGetsEveryModule() {
        TestingSplitEnumeratorContext<ZohoModuleSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ZohoSplitEnumerator enumerator = enumerator(context);

        register(context, enumerator, 0);

        assertThat(context.getSplitAssignments().get(0).getAssignedSplits()).hasSize(2);
    }

    @Test
    void keepsSplitsOfAReaderThatHasNotRegisteredInItsCheckpoint() {
        TestingSplitEnumeratorContext<ZohoModuleSplit> context =
                new TestingSplitEnumeratorContext<>(2);
        ZohoSplitEnumerator enumerator = enumerator(context);

        register(context, enumerator, 0);

        assertThat(enumerator.snapshotState(1).unassigned())
                .containsExactly(ZohoModuleSplit.initial("Deals"));
    }

    @Test
    void reassignsSplitsHandedBackAfterAFailure() {
        TestingSplitEnumeratorContext<ZohoModuleSplit> context =
                new TestingSplitEnumeratorContext<>(1);
        ZohoSplitEnumerator enumerator = enumerator(context);
        register(context, enumerator, 0);

        enumerator.addSplitsBack(List.of(ZohoModuleSplit.initial("Leads")), 0);

        assertThat(context.getSplitAssignments().get(0).getAssignedSplits())
                .containsExactly(
                        ZohoModuleSplit.initial("Leads"),
                        ZohoModuleSplit.initial("Deals"),
                        ZohoModuleSplit.initial("Leads"));
    }

    private static ZohoSplitEnumerator enumerator(
            TestingSplitEnumeratorContext<ZohoModuleSplit> context) {
        return new ZohoSplitEnumerator(
                context, MODULES, MODULES.stream().map(ZohoModuleSplit::initial).toList());
    }

    private static void register(
            TestingSplitEnumeratorContext<ZohoModuleSplit> context,
            ZohoSplitEnumerator enumerator,
            int subtask) {
        context.registerReader(subtask, "localhost");
        enumerator.addReader(subtask);
    }
}
