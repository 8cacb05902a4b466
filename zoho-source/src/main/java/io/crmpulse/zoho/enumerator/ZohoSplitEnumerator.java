package io.crmpulse.zoho.enumerator;

import io.crmpulse.zoho.split.ZohoModuleSplit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each module split to one reader. The set of splits is fixed (one per configured module), so
 * there is no discovery: a split goes to the reader {@code index % parallelism} as soon as that
 * reader registers, and the reader is then told that no more splits will come. Splits a failed
 * reader had are handed back by Flink and reassigned the same way.
 *
 * <p>Runs in the job manager's coordinator thread; it does no I/O.
 */
public class ZohoSplitEnumerator implements SplitEnumerator<ZohoModuleSplit, ZohoEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoSplitEnumerator.class);

    private final SplitEnumeratorContext<ZohoModuleSplit> context;
    private final List<String> moduleOrder;
    private final Map<String, ZohoModuleSplit> unassigned = new LinkedHashMap<>();

    /**
     * @param moduleOrder the configured modules, whose order decides which reader gets which
     * @param unassigned the splits to hand out
     */
    public ZohoSplitEnumerator(
            SplitEnumeratorContext<ZohoModuleSplit> context,
            List<String> moduleOrder,
            Collection<ZohoModuleSplit> unassigned) {
        this.context = context;
        this.moduleOrder = List.copyOf(moduleOrder);
        unassigned.forEach(split -> this.unassigned.put(split.splitId(), split));
    }

    @Override
    public void start() {
        LOG.info("Zoho source enumerator starts with unassigned modules {}", unassigned.keySet());
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // Splits are pushed when a reader registers; readers never ask.
    }

    @Override
    public void addSplitsBack(List<ZohoModuleSplit> splits, int subtaskId) {
        splits.forEach(split -> unassigned.put(split.splitId(), split));
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignTo(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignTo(subtaskId);
    }

    private void assignTo(int subtaskId) {
        List<ZohoModuleSplit> mine = new ArrayList<>();
        for (ZohoModuleSplit split : new ArrayList<>(unassigned.values())) {
            if (owner(split.splitId()) == subtaskId) {
                mine.add(split);
                unassigned.remove(split.splitId());
            }
        }
        for (ZohoModuleSplit split : mine) {
            LOG.info("Assigning {} to reader {}", split.splitId(), subtaskId);
            context.assignSplit(split, subtaskId);
        }
        context.signalNoMoreSplits(subtaskId);
    }

    private int owner(String module) {
        int index = moduleOrder.indexOf(module);
        int key = index >= 0 ? index : Math.abs(module.hashCode() % 1_000_003);
        return key % context.currentParallelism();
    }

    @Override
    public ZohoEnumeratorState snapshotState(long checkpointId) {
        return new ZohoEnumeratorState(new ArrayList<>(unassigned.values()));
    }

    @Override
    public void close() {}
}
