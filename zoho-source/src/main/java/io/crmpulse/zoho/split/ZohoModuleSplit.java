package io.crmpulse.zoho.split;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One split per CRM module (the split id is the module's API name, e.g. {@code Leads}). It holds
 * everything needed to resume that module's sync: the phase and the cursors of its records and of
 * its deletions. Immutable; the reader's mutable view is {@link ZohoModuleSplitState}.
 */
public final class ZohoModuleSplit implements SourceSplit {

    private final String module;
    private final SyncPhase phase;
    private final ChangeCursor records;
    private final ChangeCursor deletions;
    private final long changesEmitted;
    private final long apiCalls;
    private final Set<Long> malformed;

    public ZohoModuleSplit(
            String module, SyncPhase phase, ChangeCursor records, ChangeCursor deletions) {
        this(module, phase, records, deletions, 0, 0);
    }

    /**
     * @param changesEmitted changes emitted since the module's sync began
     * @param apiCalls CRM API calls made since the module's sync began
     */
    public ZohoModuleSplit(
            String module,
            SyncPhase phase,
            ChangeCursor records,
            ChangeCursor deletions,
            long changesEmitted,
            long apiCalls) {
        this(module, phase, records, deletions, changesEmitted, apiCalls, Set.of());
    }

    /**
     * @param malformed fingerprints ({@link io.crmpulse.zoho.model.ContentHash}) of the unreadable
     *     items emitted that the last completed poll still read: read again, they are not new
     */
    public ZohoModuleSplit(
            String module,
            SyncPhase phase,
            ChangeCursor records,
            ChangeCursor deletions,
            long changesEmitted,
            long apiCalls,
            Set<Long> malformed) {
        this.malformed = Collections.unmodifiableSet(new TreeSet<>(malformed));
        this.module = Objects.requireNonNull(module, "module");
        this.phase = Objects.requireNonNull(phase, "phase");
        this.records = Objects.requireNonNull(records, "records");
        this.deletions = Objects.requireNonNull(deletions, "deletions");
        this.changesEmitted = changesEmitted;
        this.apiCalls = apiCalls;
    }

    /** A module that has never been read: the first poll is its backfill. */
    public static ZohoModuleSplit initial(String module) {
        return new ZohoModuleSplit(
                module, SyncPhase.BACKFILL, ChangeCursor.initial(), ChangeCursor.initial());
    }

    @Override
    public String splitId() {
        return module;
    }

    public String module() {
        return module;
    }

    public SyncPhase phase() {
        return phase;
    }

    public ChangeCursor records() {
        return records;
    }

    public ChangeCursor deletions() {
        return deletions;
    }

    public long changesEmitted() {
        return changesEmitted;
    }

    public long apiCalls() {
        return apiCalls;
    }

    public Set<Long> malformed() {
        return malformed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ZohoModuleSplit)) {
            return false;
        }
        ZohoModuleSplit that = (ZohoModuleSplit) o;
        return module.equals(that.module)
                && phase == that.phase
                && records.equals(that.records)
                && deletions.equals(that.deletions)
                && changesEmitted == that.changesEmitted
                && apiCalls == that.apiCalls
                && malformed.equals(that.malformed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(module, phase, records, deletions, changesEmitted, apiCalls, malformed);
    }

    @Override
    public String toString() {
        return "ZohoModuleSplit{"
                + module
                + ", "
                + phase
                + ", records="
                + records
                + ", deletions="
                + deletions
                + ", changesEmitted="
                + changesEmitted
                + ", apiCalls="
                + apiCalls
                + ", malformed="
                + malformed.size()
                + "}";
    }
}
